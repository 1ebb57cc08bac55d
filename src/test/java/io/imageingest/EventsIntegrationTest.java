package io.imageingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import io.imageingest.support.Api;
import io.imageingest.support.ImageOrigin;
import io.imageingest.support.TestImages;
import io.imageingest.support.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Server-sent events of a request, over real HTTP against the running service. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EventsIntegrationTest {

    static final ImageOrigin origin = new ImageOrigin();
    static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> SSE =
            new ParameterizedTypeReference<>() {
            };

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestService.register(registry, dataDir, "127.0.0.1:" + origin.port());
        registry.add("app.events.poll-interval", () -> "100ms");
        registry.add("app.events.heartbeat", () -> "300ms");
        registry.add("app.fetch.read-timeout", () -> "120s");
        registry.add("app.fetch.total-timeout", () -> "120s");
    }

    @LocalServerPort
    int port;

    Api api;
    WebClient client;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        client = WebClient.create("http://localhost:" + port);
    }

    @AfterAll
    static void stopOrigin() {
        origin.close();
    }

    private Flux<ServerSentEvent<Map<String, Object>>> events(String id, String lastEventId) {
        return events(client, id, lastEventId);
    }

    private Flux<ServerSentEvent<Map<String, Object>>> events(WebClient client, String id, String lastEventId) {
        return client.get().uri("/api/v1/requests/{id}/events", id).accept(MediaType.TEXT_EVENT_STREAM)
                .headers(h -> {
                    if (lastEventId != null) {
                        h.set("Last-Event-ID", lastEventId);
                    }
                })
                .retrieve().bodyToFlux(SSE);
    }

    private String csv(String... paths) {
        StringBuilder csv = new StringBuilder("S. No.,Product Name,Input Image Urls\n");
        for (int i = 0; i < paths.length; i++) {
            csv.append(i + 1).append(",P").append(i + 1).append(',').append(origin.url(paths[i])).append('\n');
        }
        return csv.toString();
    }

    @Test
    void streamsCurrentStateThenProgressAndEndsAfterTheTerminalStatus() {
        byte[] jpeg = TestImages.jpeg(120, 90, 1);
        origin.serve("/e/1.jpg", jpeg, "image/jpeg").serve("/e/2.jpg", jpeg, "image/jpeg");
        CountDownLatch release = origin.stall("/e/3.jpg", jpeg, "image/jpeg");
        String id = api.upload(csv("/e/1.jpg", "/e/2.jpg", "/e/3.jpg"));
        await().until(() -> origin.hits("/e/3.jpg") > 0);

        List<ServerSentEvent<Map<String, Object>>> received = new ArrayList<>();
        StepVerifier.create(events(id, null).filter(e -> e.event() != null))
                .assertNext(first -> {
                    received.add(first);
                    assertThat(first.event()).isEqualTo("status");
                    assertThat(first.retry()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(first.data()).containsEntry("requestId", id).containsEntry("status", "PROCESSING");
                    release.countDown();
                })
                .recordWith(() -> received)
                .thenConsumeWhile(e -> true)
                .verifyComplete();

        ServerSentEvent<Map<String, Object>> last = received.get(received.size() - 1);
        assertThat(last.event()).isEqualTo("status");
        assertThat(last.data()).containsEntry("status", "COMPLETED");
        assertThat(received).allSatisfy(e -> assertThat(e.id()).matches("\\d\\.\\d+"));
        assertThat(received.stream().map(ServerSentEvent::id).distinct().count()).isEqualTo(received.size());
        assertThat(received.subList(1, received.size() - 1)).allSatisfy(e -> assertThat(e.event()).isEqualTo("progress"));
    }

    @Test
    void resumesAfterADisconnectWithLastEventIdAndStillGetsTheTerminalEvent() {
        byte[] jpeg = TestImages.jpeg(100, 80, 2);
        CountDownLatch release = origin.stall("/r/1.jpg", jpeg, "image/jpeg");
        String id = api.upload(csv("/r/1.jpg"));
        await().until(() -> origin.hits("/r/1.jpg") > 0);

        ServerSentEvent<Map<String, Object>> first = events(id, null).filter(e -> e.event() != null)
                .blockFirst(Duration.ofSeconds(10));
        assertThat(first).isNotNull();
        release.countDown();
        assertThat(api.awaitTerminal(id).get("status")).isEqualTo("COMPLETED");

        StepVerifier.create(events(id, first.id()).filter(e -> e.event() != null))
                .assertNext(e -> {
                    assertThat(e.event()).isEqualTo("status");
                    assertThat(e.data()).containsEntry("status", "COMPLETED");
                    assertThat(e.id()).isNotEqualTo(first.id());
                })
                .verifyComplete();

        String terminalId = events(id, null).filter(e -> e.event() != null).blockLast(Duration.ofSeconds(10)).id();
        StepVerifier.create(events(id, terminalId).filter(e -> e.event() != null))
                .as("a client that already has the terminal event gets nothing more")
                .verifyComplete();
    }

    @Test
    void sendsHeartbeatCommentsWhileIdle() {
        CountDownLatch release = origin.stall("/h/1.jpg", TestImages.jpeg(90, 90, 3), "image/jpeg");
        String id = api.upload(csv("/h/1.jpg"));
        try {
            StepVerifier.create(events(id, null).filter(e -> e.comment() != null).take(2))
                    .expectNextCount(2)
                    .verifyComplete();
        } finally {
            release.countDown();
        }
    }

    @Test
    void answersNotFoundProblemForUnknownRequest() {
        api.client().get().uri("/api/v1/requests/{id}/events", "no-such-request").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void holdsAThousandOpenStreamsWithoutGrowingTheThreadCount() {
        CountDownLatch release = origin.stall("/t/1.jpg", TestImages.jpeg(90, 90, 4), "image/jpeg");
        String id = api.upload(csv("/t/1.jpg"));
        await().until(() -> origin.hits("/t/1.jpg") > 0);
        events(id, null).filter(e -> e.event() != null).blockFirst(Duration.ofSeconds(10));
        int threadsBefore = Thread.activeCount();

        int streams = 1000;
        ConnectionProvider pool = ConnectionProvider.builder("many-streams").maxConnections(streams)
                .pendingAcquireMaxCount(-1).build();
        WebClient many = WebClient.builder().baseUrl("http://localhost:" + port)
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool))).build();
        AtomicInteger open = new AtomicInteger();
        Flux<String> terminals = Flux.range(0, streams)
                .flatMap(i -> events(many, id, null).filter(e -> e.event() != null)
                        .doOnNext(e -> {
                            if ("PROCESSING".equals(e.data().get("status"))) {
                                open.incrementAndGet();
                            }
                        })
                        .map(e -> String.valueOf(e.data().get("status"))).last(), streams);
        StepVerifier.create(terminals.collectList())
                .then(() -> {
                    await().atMost(Duration.ofSeconds(60)).until(() -> open.get() >= streams);
                    assertThat(Thread.activeCount()).as("threads with %d open streams", streams)
                            .isLessThanOrEqualTo(threadsBefore + 4);
                    release.countDown();
                })
                .assertNext(statuses -> assertThat(statuses).hasSize(streams).containsOnly("COMPLETED"))
                .expectComplete()
                .verify(Duration.ofSeconds(60));
        pool.dispose();
    }
}
