package io.imageingest.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import io.imageingest.support.ImageOrigin;
import io.imageingest.support.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SDK against the real service on a random port (embedded MongoDB, real local image origin), using
 * nothing but the SDK's public API. Reconnection of event streams: {@link ClientSdkReconnectIntegrationTest}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ClientSdkIntegrationTest {

    static final ImageOrigin origin = new ImageOrigin();
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dataDir;

    @TempDir
    Path work;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ServiceProperties.register(registry, dataDir, origin);
    }

    @LocalServerPort
    int port;

    ImageIngestClient client;

    @BeforeEach
    void setUp() {
        client = ImageIngestClient.builder().baseUrl("http://localhost:" + port + "/")
                .reconnectPolicy(new ReconnectPolicy(5, Duration.ofMillis(50), Duration.ofMillis(500),
                        Duration.ofSeconds(10)))
                .build();
    }

    @AfterAll
    static void stopOrigin() {
        origin.close();
    }

    @Test
    void submitsAFileAndFollowsItThroughEventsStatusProductsAndOutputCsv() throws Exception {
        origin.serve("/sdk/a.jpg", TestImages.jpeg(640, 480, 1), "image/jpeg")
                .serve("/sdk/b.png", TestImages.png(200, 100, 2), "image/png")
                .serve("/sdk/c.jpg", TestImages.jpeg(300, 300, 3), "image/jpeg");
        Path csv = work.resolve("products.csv");
        Files.writeString(csv, "S. No.,Product Name,Input Image Urls\r\n"
                + "2,SKU2," + origin.url("/sdk/c.jpg") + "\r\n"
                + "1,SKU1,\"" + origin.url("/sdk/a.jpg") + "," + origin.url("/sdk/b.png") + "\"\r\n");

        Accepted accepted = client.submit(csv, new SubmitOptions(origin.url("/sdk/hook"), "idem-1")).block(WAIT);
        assertThat(accepted.requestId()).matches("[0-9a-f-]{36}");
        assertThat(accepted.status()).isEqualTo(Status.PENDING);
        assertThat(accepted).extracting(Accepted::productCount, Accepted::imageCount).containsExactly(2L, 3L);
        assertThat(accepted.webhookUrl()).isEqualTo(origin.url("/sdk/hook"));
        String id = accepted.requestId();

        List<RequestEvent> events = client.events(id).collectList().block(WAIT);
        assertThat(events).isNotEmpty().allSatisfy(e -> {
            assertThat(e.id()).matches("\\d\\.\\d+");
            assertThat(e.type()).isIn("status", "progress");
            assertThat(e.status().requestId()).isEqualTo(id);
        });
        assertThat(events).extracting(RequestEvent::id).doesNotHaveDuplicates();
        assertThat(events.get(0).type()).isEqualTo("status");
        assertThat(events.subList(0, events.size() - 1)).noneMatch(RequestEvent::isTerminal);
        RequestEvent last = events.get(events.size() - 1);
        assertThat(last.type()).isEqualTo("status");
        assertThat(last.status().status()).isEqualTo(Status.COMPLETED);

        RequestStatus status = client.status(id).block(WAIT);
        assertThat(status.status()).isEqualTo(Status.COMPLETED);
        assertThat(status.products()).isEqualTo(new Counts(2, 2, 0, 0));
        assertThat(status.images()).isEqualTo(new Counts(3, 3, 0, 0));
        assertThat(status.failures()).isEmpty();
        assertThat(status.bytesIn()).isPositive();
        assertThat(status.finishedAt()).isNotNull();
        assertThat(client.awaitCompletion(id).block(WAIT)).isEqualTo(status);

        List<Product> products = client.products(id).collectList().block(WAIT);
        assertThat(products).extracting(Product::serialNumber).containsExactly(1L, 2L);
        assertThat(products.get(0).inputImageUrls())
                .containsExactly(origin.url("/sdk/a.jpg"), origin.url("/sdk/b.png"));
        assertThat(products).allSatisfy(p -> {
            assertThat(p.isProcessed()).isTrue();
            assertThat(p.imageErrors()).isEmpty();
            assertThat(p.outputImageUrls()).hasSameSizeAs(p.inputImageUrls())
                    .allMatch(u -> u.startsWith("http://localhost:" + port + "/images/" + id + "/"));
        });

        String outputCsv = client.outputCsvAsString(id).block(WAIT);
        List<String> out0 = products.get(0).outputImageUrls();
        assertThat(outputCsv.split("\r\n")).containsExactly(
                "S. No.,Product Name,Input Image Urls,Output Image Urls",
                "1,SKU1,\"" + origin.url("/sdk/a.jpg") + "," + origin.url("/sdk/b.png") + "\",\""
                        + out0.get(0) + "," + out0.get(1) + "\"",
                "2,SKU2,\"" + origin.url("/sdk/c.jpg") + "\",\"" + products.get(1).outputImageUrls().get(0) + "\"");
        Path downloaded = work.resolve("out.csv");
        client.downloadOutputCsv(id, downloaded).block(WAIT);
        assertThat(Files.readString(downloaded)).isEqualTo(outputCsv);
    }

    @Test
    void pagesThroughTwoPagesOfProductsInSerialOrder() {
        origin.status("/many/missing.jpg", 404);
        StringBuilder csv = new StringBuilder("S. No.,Product Name,Input Image Urls\n");
        for (int i = 1001; i >= 1; i--) {
            csv.append(i).append(",P").append(i).append(',').append(origin.url("/many/missing.jpg")).append('\n');
        }
        String id = client.submit(ServiceProperties.csvBody(csv.toString())).block(WAIT).requestId();
        RequestStatus status = client.awaitCompletion(id).block(WAIT);
        assertThat(status.status()).isEqualTo(Status.FAILED);
        assertThat(status.images()).isEqualTo(new Counts(1001, 0, 1001, 0));
        assertThat(status.failures()).first().extracting(ImageFailure::serialNumber, ImageFailure::reason)
                .containsExactly(1L, "HTTP_404");

        StepVerifier.create(client.products(id), 1)
                .assertNext(first -> {
                    assertThat(first.serialNumber()).isEqualTo(1L);
                    assertThat(first.outputImageUrls()).containsExactly("");
                    assertThat(first.imageErrors()).extracting(ImageError::index, ImageError::reason)
                            .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "HTTP_404"));
                })
                .thenRequest(Long.MAX_VALUE)
                .recordWith(java.util.ArrayList::new)
                .thenConsumeWhile(p -> true)
                .consumeRecordedWith(rest -> assertThat(rest).extracting(Product::serialNumber)
                        .hasSize(1000).isSorted().startsWith(2L).endsWith(1001L).doesNotHaveDuplicates())
                .verifyComplete();
    }

    @Test
    void rejectsAnInvalidCsvWithItsLineNumbers() {
        String csv = "S. No.,Product Name,Input Image Urls\n"
                + "1,Good," + origin.url("/x/1.jpg") + "\n"
                + "x,BadSerial," + origin.url("/x/2.jpg") + "\n"
                + "\n"
                + "3,," + origin.url("/x/3.jpg") + "\n";

        assertThatThrownBy(() -> client.submit(ServiceProperties.csvBody(csv)).block(WAIT))
                .isInstanceOfSatisfying(InvalidCsvException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.title()).isEqualTo("Invalid CSV");
                    assertThat(e.detail()).contains("line 3");
                    assertThat(e.errors()).extracting(RowError::line).containsExactly(3L, 5L);
                    assertThat(e.errors().get(0).reason()).contains("S. No.");
                });
    }

    @Test
    void answersNotFoundForAnUnknownRequest() {
        String unknown = "00000000-0000-0000-0000-000000000000";
        assertThatThrownBy(() -> client.status(unknown).block(WAIT)).isInstanceOf(NotFoundException.class)
                .satisfies(e -> assertThat(((NotFoundException) e).status()).isEqualTo(404));
        assertThatThrownBy(() -> client.products(unknown).blockFirst(WAIT)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client.events(unknown).blockFirst(WAIT)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client.awaitCompletion(unknown).block(WAIT)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client.outputCsvAsString(unknown).block(WAIT)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void outputCsvIsNotReadyUntilTheRequestHasEnded() throws Exception {
        CountDownLatch release = origin.stall("/wait/a.jpg", TestImages.jpeg(100, 100, 5), "image/jpeg");
        String id;
        Path target = work.resolve("early.csv");
        try {
            id = client.submit(ServiceProperties.csvBody("S. No.,Product Name,Input Image Urls\n1,A,"
                    + origin.url("/wait/a.jpg") + "\n")).block(WAIT).requestId();
            assertThatThrownBy(() -> client.outputCsvAsString(id).block(WAIT))
                    .isInstanceOfSatisfying(NotReadyException.class, e -> {
                        assertThat(e.status()).isEqualTo(409);
                        assertThat(e.detail()).contains("COMPLETED");
                        assertThat(e.requestStatus()).isIn(Status.PENDING, Status.PROCESSING);
                    });
            assertThatThrownBy(() -> client.downloadOutputCsv(id, target).block(WAIT))
                    .isInstanceOf(NotReadyException.class);
            assertThat(target).doesNotExist();
        } finally {
            release.countDown();
        }
        assertThat(client.awaitCompletion(id).block(WAIT).status()).isEqualTo(Status.COMPLETED);
        assertThat(client.outputCsvAsString(id).block(WAIT)).startsWith("S. No.,Product Name");
    }
}
