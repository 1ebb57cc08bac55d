package io.imageingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.imageingest.support.Api;
import io.imageingest.support.ImageOrigin;
import io.imageingest.support.StandaloneMongo;
import io.imageingest.support.TestImages;
import io.imageingest.support.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MongoDB goes away in the middle of a request (its server is stopped, every connection cut) and comes
 * back on the same port with the same data: meanwhile uploads and reads answer {@code 503} with
 * {@code Retry-After} quickly and health is {@code DOWN}; afterwards the request completes with every
 * output, no stored output fetched again, and its webhook is delivered.
 */
class DatabaseOutageIntegrationTest {

    @TempDir
    Path dir;

    @Test
    void answers503DuringAnOutageAndFinishesTheRequestWhenTheDatabaseIsBack() {
        try (StandaloneMongo db = new StandaloneMongo(dir); ImageOrigin origin = new ImageOrigin();
             WebhookReceiver receiver = new WebhookReceiver()) {
            for (int i = 1; i <= 4; i++) {
                origin.serve("/o/" + i + ".jpg", TestImages.jpeg(160, 120, i), "image/jpeg");
            }
            CountDownLatch stuck = origin.stall("/o/stuck.jpg", TestImages.jpeg(160, 120, 9), "image/jpeg");
            StringBuilder csv = new StringBuilder("S. No.,Product Name,Input Image Urls\n");
            for (int i = 1; i <= 4; i++) {
                csv.append(i).append(",P").append(i).append(',').append(origin.url("/o/" + i + ".jpg")).append('\n');
            }
            csv.append("5,P5,").append(origin.url("/o/stuck.jpg")).append('\n');

            try (ConfigurableApplicationContext app = start(db.uri())) {
                Api api = new Api("http://127.0.0.1:" + port(app));
                String id = (String) api.client().post()
                        .uri(b -> b.path("/api/v1/requests").queryParam("webhookUrl", receiver.url("/hook")).build())
                        .contentType(MediaType.parseMediaType("text/csv"))
                        .bodyValue(csv.toString())
                        .exchange().expectStatus().isAccepted()
                        .expectBody(Map.class).returnResult().getResponseBody().get("requestId");
                await().atMost(Duration.ofSeconds(30)).until(() -> origin.hits("/o/stuck.jpg") >= 1
                        && ((Map<?, ?>) api.status(id).get("images")).get("done").equals(4));

                db.stop();

                long started = System.nanoTime();
                api.client().post().uri("/api/v1/requests")
                        .contentType(MediaType.MULTIPART_FORM_DATA)
                        .body(BodyInserters.fromMultipartData(Api.multipart(csv.toString())))
                        .exchange()
                        .expectStatus().isEqualTo(503)
                        .expectHeader().valueEquals("Retry-After", "7")
                        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                        .expectBody().jsonPath("$.status").isEqualTo(503).jsonPath("$.detail").exists();
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

                api.client().get().uri("/api/v1/requests/{id}", id).exchange()
                        .expectStatus().isEqualTo(503)
                        .expectHeader().valueEquals("Retry-After", "7")
                        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
                health(api).expectStatus().isEqualTo(503)
                        .expectBody().jsonPath("$.components.mongo.status").isEqualTo("DOWN");

                // the image finishes while the database is away; the outage lasts a while longer
                stuck.countDown();
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                        .until(() -> upload(api, csv.toString()) == 503);

                db.start();

                Map<String, Object> status = api.awaitTerminal(id);
                assertThat(status.get("status")).isEqualTo("COMPLETED");
                assertThat(status.get("images")).isEqualTo(Map.of("total", 5, "done", 5, "failed", 0, "pending", 0));
                for (int i = 1; i <= 4; i++) {
                    assertThat(origin.hits("/o/" + i + ".jpg")).as("image %d fetched once", i).isEqualTo(1);
                }
                List<Map<String, Object>> products = api.products(id);
                assertThat(products).hasSize(5).allSatisfy(p ->
                        assertThat((List<?>) p.get("outputImageUrls")).hasSize(1).noneMatch(u -> "".equals(u)));
                await().atMost(Duration.ofSeconds(20)).until(() -> receiver.deliveries().size() == 1);
                health(api).expectStatus().isOk();
                assertThat(upload(api, csv.toString())).isEqualTo(202);
            }
        }
    }

    private static int upload(Api api, String csv) {
        return api.client().post().uri("/api/v1/requests")
                .contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue(csv)
                .exchange().returnResult(String.class).getStatus().value();
    }

    private static WebTestClient.ResponseSpec health(Api api) {
        return api.client().get().uri("/actuator/health").exchange();
    }

    private ConfigurableApplicationContext start(String mongoUri) {
        return new SpringApplicationBuilder(ImageIngestApplication.class).run(
                "--server.port=0",
                "--spring.mongodb.uri=" + mongoUri,
                "--app.data-dir=" + dir,
                "--app.outbound.allow-list=127.0.0.1",
                "--app.fetch.read-timeout=30s",
                "--app.worker.poll-interval=200ms",
                "--app.worker.heartbeat=200ms",
                "--app.worker.lease=5s",
                "--app.worker.outage-backoff=500ms",
                "--app.worker.shutdown-grace=1s",
                "--app.webhook.poll-interval=200ms",
                "--app.database.server-selection-timeout=1s",
                "--app.database.health-timeout=1s",
                "--app.database.retry-after=7s");
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
