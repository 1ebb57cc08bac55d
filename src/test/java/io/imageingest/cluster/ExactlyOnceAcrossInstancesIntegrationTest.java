package io.imageingest.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.imageingest.support.Api;
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
 * Two instances as separate processes on one database: requests uploaded to either are each processed by exactly
 * one of them, once. Every image is fetched once, every product gets all its outputs, no product is stored twice,
 * and the counters match what was done.
 */
class ExactlyOnceAcrossInstancesIntegrationTest {

    private static final int REQUESTS = 20;
    private static final int PRODUCTS_PER_REQUEST = 2;
    private static final int IMAGES_PER_PRODUCT = 2;

    @RegisterExtension
    static final ClusterExtension CLUSTER = new ClusterExtension();

    private static ImageOrigin origin;
    private static ServiceProcess a;
    private static ServiceProcess b;

    @BeforeAll
    static void startCluster() {
        origin = new ImageOrigin();
        Cluster cluster = CLUSTER.cluster();
        cluster.mongo();
        // no takeover is expected here: a lease as long as the default keeps a slow machine from causing one
        a = cluster.service("a").set("app.outbound.allow-list", "127.0.0.1:" + origin.port())
                .set("app.worker.lease", "30s");
        b = cluster.service("b").set("app.outbound.allow-list", "127.0.0.1:" + origin.port())
                .set("app.worker.lease", "30s");
        cluster.startAll(a, b);
    }

    @AfterAll
    static void stopOrigin() {
        if (origin != null) {
            origin.close();
        }
    }

    @Test
    void requestsUploadedToEitherInstanceAreEachProcessedExactlyOnce() {
        List<String> urls = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int r = 0; r < REQUESTS; r++) {
            StringBuilder csv = new StringBuilder("S. No.,Product Name,Input Image Urls\n");
            for (int p = 1; p <= PRODUCTS_PER_REQUEST; p++) {
                List<String> row = new ArrayList<>();
                for (int i = 0; i < IMAGES_PER_PRODUCT; i++) {
                    String path = "/x/" + r + "-" + p + "-" + i + ".jpg";
                    origin.serve(path, TestImages.jpeg(64, 48, r * 100L + p * 10L + i), "image/jpeg");
                    urls.add(path);
                    row.add(origin.url(path));
                }
                csv.append(p).append(",R").append(r).append("P").append(p).append(",\"")
                        .append(String.join(",", row)).append("\"\n");
            }
            ServiceProcess target = r % 2 == 0 ? a : b;
            ids.add(target.api().upload(csv.toString()));
        }

        Api api = a.api();
        await().atMost(ServiceProcess.REQUEST_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> ids.stream()
                .allMatch(id -> List.of("COMPLETED", "FAILED").contains(api.status(id).get("status"))));

        ClusterDb db = CLUSTER.cluster().db();
        int images = PRODUCTS_PER_REQUEST * IMAGES_PER_PRODUCT;
        for (String id : ids) {
            Map<String, Object> status = b.api().status(id);
            assertThat(status.get("status")).as("request %s", id).isEqualTo("COMPLETED");
            assertThat(status.get("images")).as("image counters of %s", id)
                    .isEqualTo(Map.of("total", images, "done", images, "failed", 0, "pending", 0));
            assertThat(status.get("products")).as("product counters of %s", id).isEqualTo(
                    Map.of("total", PRODUCTS_PER_REQUEST, "done", PRODUCTS_PER_REQUEST, "failed", 0, "pending", 0));

            List<Document> products = db.products(id);
            assertThat(products).as("product documents of %s", id).hasSize(PRODUCTS_PER_REQUEST);
            assertThat(products.stream().map(p -> p.get("serialNumber")).distinct()).hasSize(PRODUCTS_PER_REQUEST);
            for (Document product : products) {
                assertThat(product.getList("outputImageUrls", String.class)).hasSize(IMAGES_PER_PRODUCT)
                        .allMatch(u -> u.startsWith(Cluster.PUBLIC_BASE_URL + "/images/" + id + "/"));
            }
            Document request = db.request(id);
            assertThat(request.get("owner")).as("lease released").isNull();
        }
        assertThat(db.count("requests")).isEqualTo(REQUESTS);
        assertThat(db.count("products")).isEqualTo((long) REQUESTS * PRODUCTS_PER_REQUEST);

        for (String path : urls) {
            assertThat(origin.hits(path)).as("fetches of %s", path).isEqualTo(1);
        }

        // each request was claimed by exactly one instance, and both instances did work
        Set<String> byA = processedBy(a, ids);
        Set<String> byB = processedBy(b, ids);
        assertThat(byA).doesNotContainAnyElementsOf(byB);
        assertThat(new HashSet<>(ids)).isEqualTo(union(byA, byB));
        assertThat(byA).as("requests processed by a").isNotEmpty();
        assertThat(byB).as("requests processed by b").isNotEmpty();

        // the output store is shared: an output is served by the instance that did not produce it
        String first = db.products(ids.get(0)).get(0).getList("outputImageUrls", String.class).get(0);
        ServiceProcess other = byA.contains(ids.get(0)) ? b : a;
        byte[] jpeg = other.api().download(Cluster.via(other, first));
        assertThat(TestImages.decode(jpeg).getWidth()).isEqualTo(64);
    }

    private static Set<String> processedBy(ServiceProcess instance, List<String> ids) {
        String log = instance.output();
        Set<String> found = new HashSet<>();
        for (String id : ids) {
            if (log.contains("Processing request " + id)) {
                found.add(id);
            }
        }
        return found;
    }

    private static Set<String> union(Set<String> x, Set<String> y) {
        Set<String> all = new HashSet<>(x);
        all.addAll(y);
        return all;
    }
}
