package io.imageingest.client;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The server-sent events of one request, reconnecting with {@code Last-Event-ID} when the connection
 * drops, the server answers {@code 5xx}, the stream goes idle or ends before the terminal status.
 */
final class EventStream {

    private static final ParameterizedTypeReference<ServerSentEvent<RequestStatus>> SSE =
            new ParameterizedTypeReference<>() {
            };

    private final WebClient web;
    private final Endpoints endpoints;
    private final ReconnectPolicy policy;

    EventStream(WebClient web, Endpoints endpoints, ReconnectPolicy policy) {
        this.web = web;
        this.endpoints = endpoints;
        this.policy = policy;
    }

    Flux<RequestEvent> events(String id) {
        return Flux.defer(() -> {
            Cursor cursor = new Cursor();
            return Flux.defer(() -> connect(id, cursor))
                    .retryWhen(retry(policy, () -> cursor.retryHint))
                    .takeUntil(RequestEvent::isTerminal);
        });
    }

    private Flux<RequestEvent> connect(String id, Cursor cursor) {
        String lastEventId = cursor.lastEventId;
        return web.get().uri(endpoints.request(id, "/events"))
                .accept(MediaType.TEXT_EVENT_STREAM)
                .headers(headers -> {
                    if (lastEventId != null) {
                        headers.set("Last-Event-ID", lastEventId);
                    }
                })
                .retrieve()
                .onStatus(HttpStatusCode::isError, Problems::read)
                .bodyToFlux(SSE)
                .timeout(policy.idleTimeout())
                .doOnNext(sse -> {
                    if (sse.retry() != null) {
                        cursor.retryHint = sse.retry();
                    }
                })
                .filter(sse -> sse.data() != null)
                .map(sse -> new RequestEvent(sse.id(), sse.event() == null ? "message" : sse.event(), sse.data()))
                .doOnNext(event -> {
                    if (event.id() != null) {
                        cursor.lastEventId = event.id();
                    }
                    cursor.terminal = event.isTerminal();
                })
                .concatWith(Mono.defer(() -> cursor.terminal ? Mono.empty()
                        : Mono.error(new StreamEndedException(id))));
    }

    /**
     * Retries retryable failures per {@code policy}; the count of consecutive retries starts over whenever
     * the retried source emits. {@code hint} supplies the server's suggested delay (or null).
     */
    static Retry retry(ReconnectPolicy policy, Supplier<Duration> hint) {
        return Retry.from(signals -> signals.concatMap(signal -> {
            Throwable failure = signal.failure();
            long attempt = signal.totalRetriesInARow();
            if (!isRetryable(failure) || attempt >= policy.maxRetries()) {
                return Mono.error(failure);
            }
            return Mono.delay(policy.delay(attempt, hint.get()));
        }));
    }

    /** Whether {@code failure} may go away by trying again: I/O, timeouts, {@code 408}, {@code 429}, {@code 5xx}. */
    static boolean isRetryable(Throwable failure) {
        if (failure instanceof ImageIngestException problem) {
            int status = problem.status();
            return status >= 500 || status == 408 || status == 429;
        }
        if (failure instanceof WebClientRequestException || failure instanceof TimeoutException) {
            return true;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** Where the stream of one subscriber stands, across reconnections. */
    private static final class Cursor {
        volatile String lastEventId;
        volatile Duration retryHint;
        volatile boolean terminal;
    }

    /** The server ended the stream before sending a terminal status (a proxy cut it, or it shut down). */
    static final class StreamEndedException extends IOException {

        private static final long serialVersionUID = 1L;

        StreamEndedException(String id) {
            super("event stream of request " + id + " ended before a terminal status");
        }
    }
}
