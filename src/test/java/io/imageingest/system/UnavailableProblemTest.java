package io.imageingest.system;

import java.time.Duration;

import com.mongodb.MongoTimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** An unavailable database or a shutdown in progress is a {@code 503} problem with {@code Retry-After}. */
class UnavailableProblemTest {

    private final ProblemExceptionHandler handler = new ProblemExceptionHandler(ServerCodecConfigurer.create(),
            new DatabaseProperties(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMinutes(2),
                    Duration.ofSeconds(12), Duration.ofSeconds(3)));

    @Test
    void mapsAnUnreachableDatabaseTo503WithRetryAfter() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/requests/x"));
        Throwable error = new DataAccessResourceFailureException("timed out",
                new MongoTimeoutException("Timed out while waiting for a server"));

        StepVerifier.create(handler.handle(exchange, error)).verifyComplete();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("12");
        assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        StepVerifier.create(exchange.getResponse().getBodyAsString())
                .assertNext(body -> assertThat(body).contains("\"status\":503").contains("Database unavailable"))
                .verifyComplete();
    }

    @Test
    void refusesUploadsOnceShutdownBegins() {
        ServiceAvailability availability = new ServiceAvailability();
        StepVerifier.create(availability.acceptingUploads()).verifyComplete();

        availability.onClose();

        StepVerifier.create(availability.acceptingUploads())
                .verifyErrorSatisfies(e -> assertThat(((ApiException) e).status())
                        .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/api/v1/requests"));
        StepVerifier.create(availability.acceptingUploads().onErrorResume(e -> handler.handle(exchange, e)))
                .verifyComplete();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("12");
    }

    @Test
    void tellsAnUnavailableDatabaseFromAnErrorOfTheData() {
        assertThat(DatabaseErrors.isUnavailable(new MongoTimeoutException("x"))).isTrue();
        assertThat(DatabaseErrors.isUnavailable(new IllegalStateException("state should be: open"))).isTrue();
        assertThat(DatabaseErrors.isUnavailable(new IllegalArgumentException("bad"))).isFalse();
    }
}
