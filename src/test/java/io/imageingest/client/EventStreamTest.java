package io.imageingest.client;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static io.imageingest.client.StubExchange.event;
import static io.imageingest.client.StubExchange.problem;
import static io.imageingest.client.StubExchange.sse;
import static io.imageingest.client.StubExchange.status;
import static org.assertj.core.api.Assertions.assertThat;

/** Reconnection of {@code events()} and the polling fallback of {@code awaitCompletion()}, on a scripted peer. */
class EventStreamTest {

    static final ReconnectPolicy FAST = new ReconnectPolicy(3, Duration.ofMillis(1), Duration.ofMillis(20),
            Duration.ofSeconds(5));

    final StubExchange stub = new StubExchange();
    final ImageIngestClient client = stub.client(FAST);

    @Test
    void resumesADroppedStreamWithLastEventId() {
        stub.once("/events", r -> sse(Flux.concat(
                Flux.just("retry:10\n" + event("1.0", "status", status("PROCESSING", 0, ""))),
                Flux.error(new IOException("Connection reset by peer")))));
        stub.once("/events", r -> sse(Flux.just(": keep-alive\n\n",
                event("1.1", "progress", status("PROCESSING", 1, "")),
                event("2.2", "status", status("COMPLETED", 2, "")))));

        StepVerifier.create(client.events("r1"))
                .assertNext(e -> assertThat(e).extracting(RequestEvent::id, RequestEvent::type)
                        .containsExactly("1.0", "status"))
                .assertNext(e -> assertThat(e.type()).isEqualTo("progress"))
                .assertNext(e -> {
                    assertThat(e.id()).isEqualTo("2.2");
                    assertThat(e.isTerminal()).isTrue();
                    assertThat(e.status().status()).isEqualTo(Status.COMPLETED);
                })
                .verifyComplete();
        assertThat(stub.requestsTo("/events")).hasSize(2);
        assertThat(StubExchange.headerValues(stub.requestsTo("/events").get(0), "Last-Event-ID")).isEmpty();
        assertThat(StubExchange.headerValues(stub.requestsTo("/events").get(1), "Last-Event-ID"))
                .containsExactly("1.0");
    }

    @Test
    void reconnectsWhenTheStreamEndsBeforeTheTerminalStatusAndAfterServerErrors() {
        stub.once("/events", r -> sse(Flux.just(event("1.0", "status", status("PROCESSING", 0, "")))));
        stub.once("/events", r -> problem(503, "Service Unavailable", "restarting", ""));
        stub.once("/events", r -> sse(Flux.just(event("3.2", "status", status("FAILED", 2, "")))));

        StepVerifier.create(client.events("r1").map(RequestEvent::id))
                .expectNext("1.0", "3.2")
                .verifyComplete();
        assertThat(stub.requestsTo("/events")).extracting(r -> r.headers().getFirst("Last-Event-ID"))
                .containsExactly(null, "1.0", "1.0");
    }

    @Test
    void doesNotRetryClientErrors() {
        StepVerifier.create(client.events("nope"))
                .expectError(NotFoundException.class)
                .verify(Duration.ofSeconds(5));
        assertThat(stub.requestsTo("/events")).hasSize(1);
    }

    @Test
    void givesUpAfterTheRetriesAndAwaitCompletionFallsBackToPolling() {
        stub.always("/events", r -> problem(503, "Service Unavailable", "no streams today", ""));
        StepVerifier.create(client.events("r1"))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ImageIngestException.class)
                        .extracting(x -> ((ImageIngestException) x).status()).isEqualTo(503))
                .verify(Duration.ofSeconds(5));
        assertThat(stub.requestsTo("/events")).hasSize(1 + FAST.maxRetries());

        stub.once("/r1", r -> StubExchange.json(200, status("PROCESSING", 0, "")));
        stub.once("/r1", r -> problem(502, "Bad Gateway", "blip", ""));
        stub.once("/r1", r -> StubExchange.json(200, status("PROCESSING", 1, "")));
        stub.once("/r1", r -> StubExchange.json(200, status("COMPLETED", 2, "")));
        RequestStatus done = client.awaitCompletion("r1").block(Duration.ofSeconds(5));
        assertThat(done.status()).isEqualTo(Status.COMPLETED);
        assertThat(done.images().done()).isEqualTo(2);
        assertThat(stub.requestsTo("/r1")).hasSize(4);
    }

    @Test
    void awaitCompletionDoesNotPollAfterAClientError() {
        StepVerifier.create(client.awaitCompletion("gone"))
                .expectError(NotFoundException.class)
                .verify(Duration.ofSeconds(5));
        assertThat(stub.requestsTo("/gone")).isEmpty();
    }
}
