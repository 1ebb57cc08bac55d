package io.imageingest.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
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
 * {@code kill -9} of the instance that holds a request's lease in the middle of the request: the other instance
 * takes the request over once the lease has expired and finishes it, with every output present, without fetching
 * again any image whose output had been stored, without duplicating products, and with exact counters.
 */
class KillDuringProcessingIntegrationTest {

    private static final int PRODUCTS = 12;
    private static final int IMAGES_PER_PRODUCT = 2;
    private static final int IMAGES = PRODUCTS * IMAGES_PER_PRODUCT;

    @RegisterExtension
    static final ClusterExtension CLUSTER = new ClusterExtension();

    private static ImageOrigin origin;
    private static ServiceProcess a;
    private static ServiceProcess b;

    @BeforeAll
    static void startCluster() {
        origin = new ImageOrigin();
        Cluster cluster = CLUSTER.cluster();
        // two downloads at a time from a slow origin: the request takes seconds, long enough to be caught half-way
        a = cluster.service("a").set("app.outbound.allow-list", "127.0.0.1:" + origin.port())
                .set("app.fetch.concurrency", "2").set("app.worker.lease", "10s");
        b = cluster.service("b").set("app.outbound.allow-list", "127.0.0.1:" + origin.port())
                .set("app.fetch.concurrency", "2").set("app.worker.lease", "10s");
        cluster.startAll(a, b);
    }

    @AfterAll
    static void stopOrigin() {
        if (origin != null) {
            origin.close();
        }
    }

    @Test
    void survivorFinishesTheRequestOfAKilledInstanceWithoutRefetchingStoredImages() throws Exception {
        Map<String, String> pathByKeySuffix = new LinkedHashMap<>();
        StringBuilder csv = new StringBuilder("S. No.,Product Name,Input Image Urls\n");
        for (int p = 1; p <= PRODUCTS; p++) {
            List<String> row = new ArrayList<>();
            for (int i = 0; i < IMAGES_PER_PRODUCT; i++) {
                String path = "/k/" + p + "-" + i + ".jpg";
                origin.serveSlowly(path, TestImages.jpeg(64, 48, p * 10L + i), "image/jpeg", Duration.ofMillis(400));
                pathByKeySuffix.put(p + "-" + i + ".jpg", path);
                row.add(origin.url(path));
            }
            csv.append(p).append(",P").append(p).append(",\"").append(String.join(",", row)).append("\"\n");
        }
        String id = a.api().upload(csv.toString());
        ClusterDb db = CLUSTER.cluster().db();

        // wait until the request is claimed and partly done: some products recorded, most images still to fetch
        await().atMost(ServiceProcess.REQUEST_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            Document request = db.request(id);
            return "PROCESSING".equals(request.getString("status")) && request.getString("owner") != null
                    && request.get("imagesDone", Number.class).intValue() >= 4;
        });
        Document claimed = db.request(id);
        String owner = claimed.getString("owner");
        ServiceProcess victim = a.owns(owner) ? a : b;
        ServiceProcess survivor = victim == a ? b : a;
        assertThat(victim.owns(owner)).as("owner %s is one of the instances", owner).isTrue();

        victim.kill();
        Instant killedAt = Instant.now();
        Map<String, Integer> hitsAtKill = new LinkedHashMap<>();
        pathByKeySuffix.values().forEach(path -> hitsAtKill.put(path, origin.hits(path)));
        List<String> storedAtKill = new ArrayList<>();
        for (var entry : pathByKeySuffix.entrySet()) {
            if (outputExists(survivor, id + "/" + entry.getKey())) {
                storedAtKill.add(entry.getValue());
            }
        }
        Document afterKill = db.request(id);
        assertThat(afterKill.getString("owner")).as("lease still held by the killed instance").isEqualTo(owner);
        assertThat(Instant.now()).as("stored outputs listed before the lease could be taken over")
                .isBefore(afterKill.get("leaseUntil", Date.class).toInstant());
        assertThat(storedAtKill).as("outputs stored when the owner was killed").isNotEmpty().hasSizeLessThan(IMAGES);

        Map<String, Object> status = survivor.awaitTerminal(id);
        Duration takeover = Duration.between(killedAt, Instant.now());
        System.out.println("request " + id + " finished by " + survivor.name() + " " + takeover.toMillis()
                + " ms after " + victim.name() + " was killed with " + storedAtKill.size() + "/" + IMAGES
                + " outputs stored");

        assertThat(status.get("status")).isEqualTo("COMPLETED");
        assertThat(status.get("images")).isEqualTo(Map.of("total", IMAGES, "done", IMAGES, "failed", 0, "pending", 0));
        assertThat(status.get("products"))
                .isEqualTo(Map.of("total", PRODUCTS, "done", PRODUCTS, "failed", 0, "pending", 0));
        assertThat(survivor.output()).contains("Processing request " + id);
        Document finished = db.request(id);
        assertThat(finished.get("owner")).as("lease released").isNull();

        List<Document> products = db.products(id);
        assertThat(products).hasSize(PRODUCTS);
        assertThat(products.stream().map(p -> p.get("serialNumber")).distinct()).hasSize(PRODUCTS);
        for (Document product : products) {
            List<String> outputs = product.getList("outputImageUrls", String.class);
            assertThat(outputs).hasSize(IMAGES_PER_PRODUCT).noneMatch(String::isEmpty);
            for (String url : outputs) {
                assertThat(survivor.api().download(Cluster.via(survivor, url))).isNotEmpty();
            }
        }

        for (String path : storedAtKill) {
            assertThat(origin.hits(path)).as("fetches of %s, stored before the kill", path)
                    .isEqualTo(hitsAtKill.get(path)).isEqualTo(1);
        }
        for (String path : pathByKeySuffix.values()) {
            // an image in flight when the owner died is fetched again, once; nothing more
            assertThat(origin.hits(path)).as("fetches of %s", path).isBetween(1, 2);
        }
    }

    private static boolean outputExists(ServiceProcess instance, String key) throws IOException, InterruptedException {
        HttpResponse<Void> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(instance.baseUrl() + "/images/" + key))
                        .timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding());
        return response.statusCode() == 200;
    }
}
