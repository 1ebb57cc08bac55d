package io.imageingest.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * {@code SIGTERM} to the instance working on a request: it starts no new image, lets the ones in flight finish
 * within its (short) grace period, releases the lease and exits, so the other instance finishes the request long
 * before the (deliberately long) lease could have expired, with every output present and no image fetched twice.
 */
class GracefulShutdownIntegrationTest {

    private static final int PRODUCTS = 20;
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final Duration LEASE = Duration.ofSeconds(120);
    /** JVM and Spring shutdown around the grace (web server, database client), on a busy machine. */
    private static final Duration EXIT_MARGIN = Duration.ofSeconds(15);

    @RegisterExtension
    static final ClusterExtension CLUSTER = new ClusterExtension();

    private static ImageOrigin origin;
    private static ServiceProcess a;
    private static ServiceProcess b;

    @BeforeAll
    static void startCluster() {
        origin = new ImageOrigin();
        Cluster cluster = CLUSTER.cluster();
        a = configure(cluster.service("a"));
        b = configure(cluster.service("b"));
        cluster.startAll(a, b);
    }

    private static ServiceProcess configure(ServiceProcess instance) {
        return instance.set("app.outbound.allow-list", "127.0.0.1:" + origin.port())
                .set("app.fetch.concurrency", "2")
                .set("app.worker.lease", LEASE.toSeconds() + "s")
                .set("app.worker.shutdown-grace", GRACE.toSeconds() + "s")
                .set("spring.lifecycle.timeout-per-shutdown-phase", GRACE.plusSeconds(5).toSeconds() + "s");
    }

    @AfterAll
    static void stopOrigin() {
        if (origin != null) {
            origin.close();
        }
    }

    @Test
    void sigtermReleasesTheLeaseAndTheOtherInstanceFinishesWithoutRefetchingStoredImages() {
        List<String> paths = new ArrayList<>();
        StringBuilder csv = new StringBuilder("S. No.,Product Name,Input Image Urls\n");
        for (int p = 1; p <= PRODUCTS; p++) {
            String path = "/g/" + p + ".jpg";
            origin.serveSlowly(path, TestImages.jpeg(64, 48, p), "image/jpeg", Duration.ofMillis(500));
            paths.add(path);
            csv.append(p).append(",P").append(p).append(',').append(origin.url(path)).append('\n');
        }
        String id = a.api().upload(csv.toString());
        ClusterDb db = CLUSTER.cluster().db();
        await().atMost(ServiceProcess.REQUEST_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            Document request = db.request(id);
            return "PROCESSING".equals(request.getString("status")) && request.getString("owner") != null
                    && request.get("imagesDone", Number.class).intValue() >= 2;
        });
        String heldBy = db.request(id).getString("owner");
        ServiceProcess owner = a.owns(heldBy) ? a : b;
        ServiceProcess other = owner == a ? b : a;
        assertThat(owner.owns(heldBy)).as("owner %s is one of the instances", heldBy).isTrue();

        Instant asked = Instant.now();
        owner.stop(GRACE.plus(EXIT_MARGIN).plusSeconds(30));
        Duration exit = Duration.between(asked, Instant.now());
        assertThat(exit).as("exit within the grace period (+ margin)").isLessThan(GRACE.plus(EXIT_MARGIN));

        assertThat(owner.output()).as("images in flight finished within the grace").doesNotContain("Shutdown grace of");
        Matcher release = Pattern.compile("Released request " + id + " \\((\\d+) images done")
                .matcher(owner.output());
        assertThat(release.find()).as("the owner handed the unfinished request back").isTrue();
        int doneByOwner = Integer.parseInt(release.group(1));
        assertThat(doneByOwner).as("images recorded by the owner").isBetween(2, PRODUCTS - 1);

        Document released = db.request(id);
        Date leaseUntil = released.get("leaseUntil", Date.class);
        boolean takenOver = other.owns(released.getString("owner"));
        assertThat(takenOver || released.getString("owner") == null)
                .as("lease of the stopped instance released on shutdown: %s", released.toJson()).isTrue();
        assertThat(takenOver || leaseUntil == null || !leaseUntil.toInstant().isAfter(Instant.now()))
                .as("released lease ends at once: %s", released.toJson()).isTrue();

        Map<String, Object> status = other.awaitTerminal(id);
        Duration takeover = Duration.between(asked, Instant.now());
        System.out.println("request " + id + ": " + owner.name() + " exited " + exit.toMillis() + " ms after SIGTERM ("
                + doneByOwner + "/" + PRODUCTS + " images recorded by it); " + other.name() + " finished it "
                + takeover.toMillis() + " ms after SIGTERM");
        assertThat(takeover).as("finished long before the lease (%s) could have expired", LEASE)
                .isLessThan(LEASE.dividedBy(2));
        assertThat(other.output()).contains("Processing request " + id);
        assertThat(status.get("status")).isEqualTo("COMPLETED");
        assertThat(status.get("images")).isEqualTo(Map.of("total", PRODUCTS, "done", PRODUCTS, "failed", 0,
                "pending", 0));
        assertThat(status.get("products")).isEqualTo(Map.of("total", PRODUCTS, "done", PRODUCTS, "failed", 0,
                "pending", 0));

        List<Document> products = db.products(id);
        assertThat(products).hasSize(PRODUCTS);
        for (Document product : products) {
            List<String> outputs = product.getList("outputImageUrls", String.class);
            assertThat(outputs).hasSize(1).noneMatch(String::isEmpty);
            assertThat(other.api().download(Cluster.via(other, outputs.get(0)))).isNotEmpty();
        }
        for (String path : paths) {
            // in-flight images finished and were stored within the grace, the rest was never started: the
            // other instance skips every stored output, so no image is fetched twice
            assertThat(origin.hits(path)).as("fetches of %s", path).isEqualTo(1);
        }
    }
}
