package io.imageingest.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.imageingest.support.ImageOrigin;
import io.imageingest.support.TestImages;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database process stops for about 20 seconds while a request is being processed: meanwhile uploads answer
 * {@code 503} problem+json with {@code Retry-After} and health is {@code DOWN}; once the database is back on the
 * same port and file, processing resumes, the request completes with every output, and new uploads are accepted
 * and processed.
 */
class DatabaseOutageIntegrationTest {

    private static final int PRODUCTS = 10;
    private static final Duration OUTAGE = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @RegisterExtension
    static final ClusterExtension CLUSTER = new ClusterExtension();

    private static ImageOrigin origin;
    private static ServiceProcess a;

    @BeforeAll
    static void startCluster() {
        origin = new ImageOrigin();
        a = CLUSTER.cluster().service("a").set("app.outbound.allow-list", "127.0.0.1:" + origin.port())
                .set("app.fetch.concurrency", "1")
                .set("app.database.retry-after", "7s")
                .set("app.database.server-selection-timeout", "2s")
                .set("app.worker.outage-backoff", "2s")
                .start();
    }

    @AfterAll
    static void stopOrigin() {
        if (origin != null) {
            origin.close();
        }
    }

    @Test
    void uploadsAre503DuringAnOutageAndProcessingCompletesAfterIt() throws Exception {
        StringBuilder csv = new StringBuilder("S. No.,Product Name,Input Image Urls\n");
        for (int p = 1; p <= PRODUCTS; p++) {
            origin.serveSlowly("/o/" + p + ".jpg", TestImages.jpeg(64, 48, p), "image/jpeg", Duration.ofMillis(500));
            csv.append(p).append(",P").append(p).append(',').append(origin.url("/o/" + p + ".jpg")).append('\n');
        }
        String id = a.api().upload(csv.toString());
        await().atMost(ServiceProcess.REQUEST_TIMEOUT).until(() -> origin.hits("/o/2.jpg") >= 1);

        MongoProcess mongo = CLUSTER.cluster().mongo();
        Instant stopped = Instant.now();
        mongo.stop();
        origin.serve("/late.jpg", TestImages.jpeg(32, 24, 99), "image/jpeg");
        String small = "S. No.,Product Name,Input Image Urls\n1,Late," + origin.url("/late.jpg") + "\n";

        // the first answers may still be in flight when the database goes; from then on, 503 and DOWN throughout
        await("503 and health DOWN").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    assertUnavailable(small);
                    assertHealthDown();
                });
        // keep the database away for OUTAGE in all; every check on the way must still see 503 and DOWN
        int[] checks = {0};
        await("outage of " + OUTAGE).atMost(OUTAGE.plusSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    assertUnavailable(small);
                    assertHealthDown();
                    checks[0]++;
                    return Duration.between(stopped, Instant.now()).compareTo(OUTAGE) >= 0;
                });
        assertThat(a.api().client().get().uri("/api/v1/requests/" + id).exchange().returnResult(Void.class)
                .getStatus().value()).as("status of a request during the outage").isEqualTo(503);
        System.out.println("database down " + Duration.between(stopped, Instant.now()).toMillis() + " ms; "
                + checks[0] + " uploads refused meanwhile");
        mongo.start();

        String late = await("upload accepted after the restart").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> a.api().upload(small), v -> v != null);
        await("health UP after the restart").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(a::healthy);

        Map<String, Object> status = a.awaitTerminal(id);
        assertThat(status.get("status")).isEqualTo("COMPLETED");
        assertThat(status.get("images")).isEqualTo(Map.of("total", PRODUCTS, "done", PRODUCTS, "failed", 0,
                "pending", 0));
        List<Document> products = CLUSTER.cluster().db().products(id);
        assertThat(products).hasSize(PRODUCTS);
        for (Document product : products) {
            List<String> outputs = product.getList("outputImageUrls", String.class);
            assertThat(outputs).hasSize(1).noneMatch(String::isEmpty);
            assertThat(a.api().download(Cluster.via(a, outputs.get(0)))).isNotEmpty();
        }
        for (int p = 1; p <= PRODUCTS; p++) {
            // an image whose product could not be recorded is redone from its stored output, not fetched again
            assertThat(origin.hits("/o/" + p + ".jpg")).as("fetches of /o/%s.jpg", p).isBetween(1, 2);
        }

        Map<String, Object> lateStatus = a.awaitTerminal(late);
        assertThat(lateStatus.get("status")).isEqualTo("COMPLETED");
        assertThat(lateStatus.get("images")).isEqualTo(Map.of("total", 1, "done", 1, "failed", 0, "pending", 0));
        assertThat(origin.hits("/late.jpg")).as("uploads refused during the outage left no request").isEqualTo(1);
    }

    private static void assertUnavailable(String csv) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(a.baseUrl() + "/api/v1/requests"))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv))
                .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("upload during the outage: %s", response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":503");
    }

    private static void assertHealthDown() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(a.baseUrl() + "/actuator/health"))
                .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("health during the outage: %s", response.body()).isEqualTo(503);
        assertThat(response.body()).contains("\"status\":\"DOWN\"");
    }
}
