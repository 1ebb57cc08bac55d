package io.imageingest.cluster;

import java.time.Duration;
import java.util.Map;

import io.imageingest.support.ImageOrigin;
import io.imageingest.support.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database process stops for about 20 seconds: uploads meanwhile answer {@code 503} with
 * {@code Retry-After}; once it is back on the same port and file, uploads are accepted again and a request that
 * was being processed when it went away completes.
 */
@Disabled("needs database-outage handling (503 with Retry-After, processing resumed after reconnect)")
class DatabaseOutageIntegrationTest {

    @RegisterExtension
    static final ClusterExtension CLUSTER = new ClusterExtension();

    private static ImageOrigin origin;
    private static ServiceProcess a;

    @BeforeAll
    static void startCluster() {
        origin = new ImageOrigin();
        a = CLUSTER.cluster().service("a").set("app.outbound.allow-list", "127.0.0.1:" + origin.port())
                .set("app.fetch.concurrency", "1").start();
    }

    @AfterAll
    static void stopOrigin() {
        if (origin != null) {
            origin.close();
        }
    }

    @Test
    void uploadsAre503DuringAnOutageAndProcessingCompletesAfterIt() {
        StringBuilder csv = new StringBuilder("S. No.,Product Name,Input Image Urls\n");
        for (int p = 1; p <= 10; p++) {
            origin.serveSlowly("/o/" + p + ".jpg", TestImages.jpeg(64, 48, p), "image/jpeg", Duration.ofMillis(500));
            csv.append(p).append(",P").append(p).append(',').append(origin.url("/o/" + p + ".jpg")).append('\n');
        }
        String id = a.api().upload(csv.toString());
        await().atMost(ServiceProcess.REQUEST_TIMEOUT).until(() -> origin.hits("/o/2.jpg") >= 1);

        MongoProcess mongo = CLUSTER.cluster().mongo();
        mongo.stop();
        String small = "S. No.,Product Name,Input Image Urls\n1,Late," + origin.url("/o/1.jpg") + "\n";
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                a.api().client().post().uri("/api/v1/requests").contentType(MediaType.parseMediaType("text/csv"))
                        .bodyValue(small).exchange()
                        .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                        .expectHeader().exists("Retry-After")
                        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        // keep the database away for about 20 s in all, whatever the loop above took
        await().pollDelay(Duration.ofSeconds(15)).atMost(Duration.ofSeconds(16)).until(() -> true);
        mongo.start();

        String late = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions().until(() -> a.api().upload(small), v -> v != null);
        Map<String, Object> status = a.awaitTerminal(id);
        assertThat(status.get("status")).isEqualTo("COMPLETED");
        assertThat(status.get("images")).isEqualTo(Map.of("total", 10, "done", 10, "failed", 0, "pending", 0));
        assertThat(a.awaitTerminal(late).get("status")).isEqualTo("COMPLETED");
    }
}
