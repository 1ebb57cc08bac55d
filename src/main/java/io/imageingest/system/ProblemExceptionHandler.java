package io.imageingest.system;

import java.net.URI;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * The one place where errors become RFC 9457 {@code application/problem+json} responses: domain
 * errors, framework errors (unknown route, wrong method, unreadable body) and unexpected failures.
 * An unavailable database is a {@code 503} with {@code Retry-After} ({@code app.database.retry-after}),
 * never a {@code 500}: the client did nothing wrong and may retry.
 */
@Component
@Order(-2)
class ProblemExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    private final ServerResponse.Context context;
    private final String retryAfterSeconds;

    ProblemExceptionHandler(ServerCodecConfigurer codecs, DatabaseProperties database) {
        this.retryAfterSeconds = Long.toString(Math.max(1, database.retryAfter().toSeconds()));
        List<HttpMessageWriter<?>> writers = codecs.getWriters();
        this.context = new ServerResponse.Context() {
            @Override
            public List<HttpMessageWriter<?>> messageWriters() {
                return writers;
            }

            @Override
            public List<ViewResolver> viewResolvers() {
                return List.of();
            }
        };
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        ProblemDetail problem = toProblem(error);
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        return ServerResponse.status(problem.getStatus())
                .headers(headers -> {
                    if (problem.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
                        headers.set(HttpHeaders.RETRY_AFTER, retryAfterSeconds);
                    }
                })
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(problem)
                .flatMap(response -> response.writeTo(exchange, context));
    }

    static ProblemDetail toProblem(Throwable error) {
        if (error instanceof ApiException api) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(api.status(), api.getMessage());
            problem.setTitle(api.title());
            api.properties().forEach(problem::setProperty);
            return problem;
        }
        if (error instanceof ResponseStatusException rse) {
            HttpStatusCode status = rse.getStatusCode();
            String detail = rse.getReason() != null ? rse.getReason() : defaultDetail(status);
            return ProblemDetail.forStatusAndDetail(status, detail);
        }
        if (error instanceof DataBufferLimitException) {
            return ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, error.getMessage());
        }
        if (DatabaseErrors.isUnavailable(error)) {
            log.warn("Answering 503, database unavailable: {}", error.toString());
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "the database is unavailable; retry later");
            problem.setTitle("Database unavailable");
            return problem;
        }
        log.error("Unexpected error", error);
        return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "Unexpected server error; it has been logged");
    }

    private static String defaultDetail(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known != null ? known.getReasonPhrase() : "HTTP " + status.value();
    }
}
