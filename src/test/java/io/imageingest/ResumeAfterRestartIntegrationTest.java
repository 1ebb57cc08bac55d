package io.imageingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.imageingest.support.Api;
import io.imageingest.support.ImageOrigin;
import io.imageingest.support.TestImages;
import io.imageingest.support.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Work left unfinished when the service stopped is finished by the next run on the same data directory
 * (H2 file backend): a request left {@code PROCESSING}, without fetching again the images that already
 * have outputs, and a webhook in the middle of its retry schedule.
 */
class ResumeAfterRestartIntegrationTest {

    @TempDir
    Path dataDir;

    @Test
    void finishesRequestLeftProcessingByPreviousRunWithoutRefetchingStoredImages() throws Exception {
        try (ImageOrigin origin = new ImageOrigin()) {
            for (int i = 1; i <= 4; i++) {
                origin.serve("/r/" + i + ".jpg", TestImages.jpeg(160, 120, i), "image/jpeg");
            }
            CountDownLatch stuck = origin.stall("/r/stuck.jpg", TestImages.jpeg(160, 120, 9), "image/jpeg");
            StringBuilder csv = new StringBuilder("S. No.,Product Name,Input Image Urls\n");
            for (int i = 1; i <= 4; i++) {
                csv.append(i).append(",P").append(i).append(',').append(origin.url("/r/" + i + ".jpg")).append('\n');
            }
            csv.append("5,P5,").append(origin.url("/r/stuck.jpg")).append('\n');

            String id;
            try (ConfigurableApplicationContext first = start()) {
                Api api = new Api(port(first));
                id = api.upload(csv.toString());
                await().atMost(Duration.ofSeconds(30)).until(() -> origin.hits("/r/stuck.jpg") >= 1
                        && ((Map<?, ?>) api.status(id).get("images")).get("done").equals(4));
                assertThat(api.status(id).get("status")).isEqualTo("PROCESSING");
            }
            assertThat(Files.exists(dataDir.resolve("mongo.mv"))).isTrue();

            stuck.countDown();
            try (ConfigurableApplicationContext second = start()) {
                Api api = new Api(port(second));
                Map<String, Object> status = api.awaitTerminal(id);
                assertThat(status.get("status")).isEqualTo("COMPLETED");
                assertThat(status.get("images")).isEqualTo(Map.of("total", 5, "done", 5, "failed", 0, "pending", 0));
                for (int i = 1; i <= 4; i++) {
                    assertThat(origin.hits("/r/" + i + ".jpg")).as("image %d fetched once", i).isEqualTo(1);
                }
                List<Map<String, Object>> products = api.products(id);
                assertThat(products).hasSize(5).allSatisfy(p ->
                        assertThat((List<?>) p.get("outputImageUrls")).hasSize(1).noneMatch(u -> "".equals(u)));
            }
        }
    }

    @Test
    void deliversAWebhookWhoseRetryWasPendingWhenTheServiceStopped() {
        try (ImageOrigin origin = new ImageOrigin(); WebhookReceiver receiver = new WebhookReceiver()) {
            origin.serve("/w/a.jpg", TestImages.jpeg(100, 80, 1), "image/jpeg");
            receiver.script(500);
            String id;
            try (ConfigurableApplicationContext first = start("--app.webhook.initial-backoff=2s")) {
                Api api = new Api(port(first));
                id = (String) api.client().post()
                        .uri(b -> b.path("/api/v1/requests").queryParam("webhookUrl", receiver.url("/hook")).build())
                        .contentType(MediaType.parseMediaType("text/csv"))
                        .bodyValue("S. No.,Product Name,Input Image Urls\n1,A," + origin.url("/w/a.jpg") + "\n")
                        .exchange().expectStatus().isAccepted()
                        .expectBody(Map.class).returnResult().getResponseBody().get("requestId");
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    Map<?, ?> webhook = (Map<?, ?>) api.status(id).get("webhook");
                    return webhook != null && "PENDING".equals(webhook.get("state"))
                            && Integer.valueOf(1).equals(webhook.get("attempts"));
                });
            }
            assertThat(receiver.deliveries()).hasSize(1);

            receiver.script(200);
            try (ConfigurableApplicationContext second = start("--app.webhook.initial-backoff=2s")) {
                Api api = new Api(port(second));
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        "DELIVERED".equals(((Map<?, ?>) api.status(id).get("webhook")).get("state")));
                assertThat(receiver.deliveries()).hasSize(2)
                        .extracting(d -> d.header("webhook-id")).containsOnly(receiver.deliveries().get(0)
                                .header("webhook-id"));
            }
        }
    }

    private ConfigurableApplicationContext start(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "--server.port=0",
                "--app.data-dir=" + dataDir,
                "--app.embedded-mongo.backend=h2",
                "--app.fetch.read-timeout=30s",
                "--app.worker.poll-interval=200ms",
                "--app.worker.heartbeat=200ms",
                "--app.worker.shutdown-grace=1s",
                "--app.webhook.poll-interval=100ms",
                "--app.outbound.allow-list=127.0.0.1"));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(ImageIngestApplication.class).run(args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
