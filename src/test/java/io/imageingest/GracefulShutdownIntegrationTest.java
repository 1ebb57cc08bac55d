package io.imageingest;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import io.imageingest.support.Api;
import io.imageingest.support.ImageOrigin;
import io.imageingest.support.StandaloneMongo;
import io.imageingest.support.TestImages;
import io.imageingest.system.ServiceAvailability;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Closing the service in the middle of a request, on a shared database (no start-up lease expiry, long
 * leases): the images in flight finish and are recorded, no new image starts, and the lease is released
 * at once, so a new instance finishes the request straight away without fetching any image twice.
 */
class GracefulShutdownIntegrationTest {

    @TempDir
    Path dir;

    @Test
    void finishesImagesInFlightReleasesTheLeaseAndANewInstanceCompletesTheRequest() throws Exception {
        try (StandaloneMongo db = new StandaloneMongo(dir); ImageOrigin origin = new ImageOrigin();
             MongoClient client = MongoClients.create(db.uri())) {
            origin.serve("/g/1.jpg", TestImages.jpeg(160, 120, 1), "image/jpeg");
            origin.serve("/g/2.jpg", TestImages.jpeg(160, 120, 2), "image/jpeg");
            CountDownLatch slow3 = origin.stall("/g/3.jpg", TestImages.jpeg(160, 120, 3), "image/jpeg");
            CountDownLatch slow4 = origin.stall("/g/4.jpg", TestImages.jpeg(160, 120, 4), "image/jpeg");
            origin.serve("/g/5.jpg", TestImages.jpeg(160, 120, 5), "image/jpeg");
            origin.serve("/g/6.jpg", TestImages.jpeg(160, 120, 6), "image/jpeg");
            StringBuilder csv = new StringBuilder("S. No.,Product Name,Input Image Urls\n");
            for (int i = 1; i <= 6; i++) {
                csv.append(i).append(",P").append(i).append(',').append(origin.url("/g/" + i + ".jpg")).append('\n');
            }

            String id;
            ConfigurableApplicationContext first = start(db.uri());
            Api api = new Api("http://127.0.0.1:" + port(first));
            id = api.upload(csv.toString());
            await().atMost(Duration.ofSeconds(30)).until(() -> origin.hits("/g/3.jpg") == 1
                    && origin.hits("/g/4.jpg") == 1
                    && ((Map<?, ?>) api.status(id).get("images")).get("done").equals(2));

            ServiceAvailability availability = first.getBean(ServiceAvailability.class);
            CompletableFuture<Void> closing = CompletableFuture.runAsync(first::close);
            await().atMost(Duration.ofSeconds(10)).until(availability::shuttingDown);
            // the shared Netty loops that carry the downloads stay up while the worker waits for its images
            LoopResources loops = first.getBean(ReactorResourceFactory.class).getLoopResources();
            await("shared Netty loops up while the worker drains").during(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(5)).until(() -> !loops.isDisposed());
            // the two images in flight complete during the grace period
            slow3.countDown();
            slow4.countDown();
            closing.get(30, TimeUnit.SECONDS);

            Document request = Mono.from(client.getDatabase("imageingest").getCollection("requests")
                    .find(Filters.eq("_id", id)).first()).block(Duration.ofSeconds(10));
            assertThat(request.getString("status")).isEqualTo("PROCESSING");
            assertThat(request.get("owner")).as("lease released").isNull();
            assertThat(request.getDate("leaseUntil")).isEqualTo(Date.from(Instant.EPOCH));
            assertThat(request.get("imagesDone")).isEqualTo(4L);
            List<Document> products = Flux.from(client.getDatabase("imageingest").getCollection("products")
                    .find(Filters.eq("requestId", id))).collectList().block(Duration.ofSeconds(10));
            assertThat(products).filteredOn(p -> p.get("processedAt") != null)
                    .extracting(p -> p.get("serialNumber")).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
            assertThat(origin.hits("/g/5.jpg") + origin.hits("/g/6.jpg")).as("no image started after shutdown began")
                    .isZero();

            try (ConfigurableApplicationContext second = start(db.uri())) {
                Api next = new Api("http://127.0.0.1:" + port(second));
                Map<String, Object> status = next.awaitTerminal(id);
                assertThat(status.get("status")).isEqualTo("COMPLETED");
                assertThat(status.get("images")).isEqualTo(Map.of("total", 6, "done", 6, "failed", 0, "pending", 0));
                for (int i = 1; i <= 6; i++) {
                    assertThat(origin.hits("/g/" + i + ".jpg")).as("image %d fetched once", i).isEqualTo(1);
                }
            }
        }
    }

    private ConfigurableApplicationContext start(String mongoUri) {
        return new SpringApplicationBuilder(ImageIngestApplication.class).run(
                "--server.port=0",
                "--spring.mongodb.uri=" + mongoUri,
                "--app.data-dir=" + dir,
                "--app.outbound.allow-list=127.0.0.1",
                "--app.fetch.read-timeout=30s",
                "--app.fetch.concurrency=2",
                "--app.worker.poll-interval=200ms",
                "--app.worker.heartbeat=200ms",
                // a lease that would outlast the test: only the release lets the next instance in
                "--app.worker.lease=10m",
                "--app.worker.shutdown-grace=20s");
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
