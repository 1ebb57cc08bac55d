package io.imageingest.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import io.imageingest.support.ImageOrigin;
import io.imageingest.support.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code events()} survives a connection cut mid-stream: a TCP relay between SDK and service drops the live
 * stream after its first event; the SDK reconnects with {@code Last-Event-ID}, is not sent that state
 * again, and still gets the terminal event.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ClientSdkReconnectIntegrationTest {

    static final ImageOrigin origin = new ImageOrigin();
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ServiceProperties.register(registry, dataDir, origin);
    }

    @LocalServerPort
    int port;

    @AfterAll
    static void stopOrigin() {
        origin.close();
    }

    @Test
    void resumesADroppedStreamWithLastEventIdAndStillGetsTheTerminalEvent() throws Exception {
        try (CuttableProxy proxy = new CuttableProxy(port)) {
            ImageIngestClient client = ImageIngestClient.builder().baseUrl("http://127.0.0.1:" + proxy.port())
                    .reconnectPolicy(new ReconnectPolicy(5, Duration.ofMillis(50), Duration.ofMillis(500),
                            Duration.ofSeconds(10)))
                    .build();
            CountDownLatch release = origin.stall("/cut/a.jpg", TestImages.jpeg(120, 90, 1), "image/jpeg");
            String id;
            List<RequestEvent> received = new CopyOnWriteArrayList<>();
            Sinks.Empty<Void> done = Sinks.empty();
            Disposable subscription = null;
            try {
                String csv = "S. No.,Product Name,Input Image Urls\n1,A," + origin.url("/cut/a.jpg") + "\n";
                id = client.submit(ServiceProperties.csvBody(csv)).block(WAIT).requestId();
                await().atMost(WAIT).until(() -> origin.hits("/cut/a.jpg") > 0);

                subscription = client.events(id).subscribe(received::add, done::tryEmitError,
                        done::tryEmitEmpty);
                await().atMost(WAIT).until(() -> !received.isEmpty());
                RequestEvent first = received.get(0);
                assertThat(first.status().status()).isEqualTo(Status.PROCESSING);
                int connectionsBeforeCut = proxy.connections();

                proxy.cutAll();

                await().atMost(WAIT).until(() -> proxy.connections() > connectionsBeforeCut
                        && proxy.sentByClients().contains("Last-Event-ID: " + first.id() + "\r\n"));
                assertThat(received).as("nothing new while the request is stalled").hasSize(1);
            } finally {
                release.countDown();
            }
            done.asMono().block(WAIT);
            subscription.dispose();

            assertThat(received).extracting(RequestEvent::id).doesNotHaveDuplicates().allMatch(i -> i != null);
            RequestEvent last = received.get(received.size() - 1);
            assertThat(last.isTerminal()).isTrue();
            assertThat(last.status().status()).isEqualTo(Status.COMPLETED);
            assertThat(last.status().images()).isEqualTo(new Counts(1, 1, 0, 0));
            assertThat(received.subList(0, received.size() - 1)).noneMatch(RequestEvent::isTerminal);
            assertThat(client.status(id).block(WAIT).status()).isEqualTo(Status.COMPLETED);
        }
    }
}
