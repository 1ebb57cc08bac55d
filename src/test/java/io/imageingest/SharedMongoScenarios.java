package io.imageingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.imageingest.support.Api;
import io.imageingest.support.ImageOrigin;
import io.imageingest.support.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Whole service instances sharing one MongoDB ({@code spring.mongodb.uri}) and storing outputs in GridFS,
 * each with its own data directory: nothing is shared but the database. Subclasses say which MongoDB: the
 * embedded server started by the test, or a real replica set in a container.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SharedMongoScenarios {

    /** Output URLs are built from this on every instance, whichever serves them. */
    private static final String PUBLIC_BASE = "http://images.example.test";

    private final ImageOrigin origin = new ImageOrigin();

    @TempDir
    Path dirs;

    /** Connection string of the shared MongoDB, database included. */
    abstract String mongoUri();

    @AfterAll
    void stopOrigin() {
        origin.close();
    }

    @Test
    void ingestsIntoGridFsAndEveryOutputDownloadsAsJpeg() {
        origin.serve("/g/a.jpg", TestImages.jpeg(1200, 800, 1), "image/jpeg")
                .serve("/g/b.png", TestImages.png(300, 200, 2), "image/png")
                .serve("/g/c.gif", TestImages.gif(90, 60, 3), "image/gif");
        try (ConfigurableApplicationContext instance = start("solo")) {
            Api api = new Api(local(instance));
            String id = api.upload("S. No.,Product Name,Input Image Urls\n"
                    + "1,SKU1,\"" + origin.url("/g/a.jpg") + "," + origin.url("/g/b.png") + "\"\n"
                    + "2,SKU2," + origin.url("/g/c.gif") + "\n");

            assertThat(api.awaitTerminal(id).get("status")).isEqualTo("COMPLETED");

            List<String> urls = outputUrls(api, id);
            assertThat(urls).hasSize(3).allMatch(u -> u.startsWith(PUBLIC_BASE + "/images/" + id + "/"));
            assertThat(urls).containsExactly(PUBLIC_BASE + "/images/" + id + "/1-0.jpg",
                    PUBLIC_BASE + "/images/" + id + "/1-1.jpg", PUBLIC_BASE + "/images/" + id + "/2-0.jpg");
            List<Integer> widths = urls.stream()
                    .map(u -> TestImages.decode(api.download(via(instance, u))).getWidth()).toList();
            assertThat(widths).containsExactly(1200, 300, 90);
            assertThat(Files.exists(dirs.resolve("solo").resolve("images"))).as("nothing on the local disk")
                    .isFalse();
            api.client().get().uri("/images/" + id + "/9-0.jpg").exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }

    @Test
    void anImageStoredThroughOneInstanceIsServedByAnother() {
        origin.serve("/ab/a.jpg", TestImages.jpeg(640, 480, 4), "image/jpeg");
        String id;
        String url;
        byte[] fromA;
        String etagA;
        try (ConfigurableApplicationContext a = start("a")) {
            Api api = new Api(local(a));
            id = api.upload("S. No.,Product Name,Input Image Urls\n1,A," + origin.url("/ab/a.jpg") + "\n");
            assertThat(api.awaitTerminal(id).get("status")).isEqualTo("COMPLETED");
            url = outputUrls(api, id).get(0);
            fromA = api.download(via(a, url));
            etagA = api.client().get().uri(via(a, url)).exchange().expectStatus().isOk()
                    .returnResult(byte[].class).getResponseHeaders().getETag();
        }
        // A is gone; B never processed anything and has its own, empty data directory
        try (ConfigurableApplicationContext b = start("b")) {
            Api api = new Api(local(b));
            assertThat(outputUrls(api, id)).containsExactly(url);
            assertThat(api.download(via(b, url))).isEqualTo(fromA);
            api.client().get().uri(via(b, url)).header("If-None-Match", etagA).exchange()
                    .expectStatus().isNotModified();
        }
        assertThat(origin.hits("/ab/a.jpg")).isEqualTo(1);
    }

    @Test
    void anotherInstanceFinishesARequestLeftProcessingWithoutRefetchingStoredImages() {
        StringBuilder csv = new StringBuilder("S. No.,Product Name,Input Image Urls\n");
        for (int i = 1; i <= 4; i++) {
            origin.serve("/r/" + i + ".jpg", TestImages.jpeg(160, 120, 10 + i), "image/jpeg");
            csv.append(i).append(",P").append(i).append(',').append(origin.url("/r/" + i + ".jpg")).append('\n');
        }
        CountDownLatch stuck = origin.stall("/r/stuck.jpg", TestImages.jpeg(160, 120, 19), "image/jpeg");
        csv.append("5,P5,").append(origin.url("/r/stuck.jpg")).append('\n');
        String id;
        try (ConfigurableApplicationContext first = start("first")) {
            Api api = new Api(local(first));
            id = api.upload(csv.toString());
            await().atMost(Duration.ofSeconds(30)).until(() -> origin.hits("/r/stuck.jpg") >= 1
                    && ((Map<?, ?>) api.status(id).get("images")).get("done").equals(4));
            assertThat(api.status(id).get("status")).isEqualTo("PROCESSING");
        } finally {
            stuck.countDown();
        }
        try (ConfigurableApplicationContext second = start("second")) {
            Api api = new Api(local(second));
            Map<String, Object> status = api.awaitTerminal(id);
            assertThat(status.get("status")).isEqualTo("COMPLETED");
            assertThat(status.get("images")).isEqualTo(Map.of("total", 5, "done", 5, "failed", 0, "pending", 0));
            for (int i = 1; i <= 4; i++) {
                assertThat(origin.hits("/r/" + i + ".jpg")).as("image %d fetched once", i).isEqualTo(1);
            }
            for (String url : outputUrls(api, id)) {
                assertThat(TestImages.decode(api.download(via(second, url))).getWidth()).isEqualTo(160);
            }
        }
    }

    private ConfigurableApplicationContext start(String name) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.mongodb.uri=" + mongoUri(),
                "--app.data-dir=" + dirs.resolve(name),
                "--app.public-base-url=" + PUBLIC_BASE,
                "--app.storage.type=gridfs",
                // several chunks per image, so that streaming across chunks is exercised end to end
                "--app.storage.gridfs.chunk-size=8KB",
                "--app.outbound.allow-list=127.0.0.1",
                "--app.fetch.read-timeout=30s",
                "--app.worker.poll-interval=200ms",
                "--app.worker.heartbeat=200ms",
                // long enough that a loaded machine never lets a live lease lapse, short enough for a quick takeover
                "--app.worker.lease=10s"));
        return new SpringApplicationBuilder(ImageIngestApplication.class).run(args.toArray(String[]::new));
    }

    private static String local(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** The same output URL asked of one particular instance, as a load balancer behind the base URL would. */
    private static String via(ConfigurableApplicationContext instance, String url) {
        assertThat(url).startsWith(PUBLIC_BASE);
        return local(instance) + url.substring(PUBLIC_BASE.length());
    }

    @SuppressWarnings("unchecked")
    private static List<String> outputUrls(Api api, String id) {
        return api.products(id).stream().flatMap(p -> ((List<String>) p.get("outputImageUrls")).stream()).toList();
    }
}
