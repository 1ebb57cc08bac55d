package io.imageingest;

import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.imageingest.image.CraftedBytes;
import io.imageingest.image.ImageFormat;
import io.imageingest.support.Api;
import io.imageingest.support.ImageOrigin;
import io.imageingest.support.TestImages;
import io.imageingest.support.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One request whose CSV mixes good images with a corpus of hostile ones, served by a real local origin: a PNG
 * decompression bomb, a truncated JPEG, HTML and SVG, an empty body, random bytes, bodies over the byte cap (declared
 * and streamed) and an origin that drips a valid JPEG too slowly. Every bad image fails with its own reason, every
 * good one is produced, and the service stays healthy with a bounded heap.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HostileImagesIntegrationTest {

    static final ImageOrigin origin = new ImageOrigin();

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestService.register(registry, dataDir, "127.0.0.1:" + origin.port());
        registry.add("app.fetch.max-bytes", () -> "2MB");
        registry.add("app.fetch.total-timeout", () -> "2s");
        registry.add("app.fetch.read-timeout", () -> "1s");
        registry.add("app.fetch.initial-backoff", () -> "20ms");
        registry.add("app.fetch.max-backoff", () -> "100ms");
        registry.add("app.fetch.max-attempts", () -> "2");
    }

    @LocalServerPort
    int port;

    @AfterAll
    static void stopOrigin() {
        origin.close();
    }

    /** What the origin serves at one path, and the failure reason expected for it ({@code null}: must succeed). */
    record Case(String path, String expectedReason, int width, int height) {
    }

    @Test
    void rejectsEachHostileImageWithItsReasonWhileGoodImagesSucceed() {
        byte[] goodJpeg = TestImages.jpeg(640, 480, 21);
        byte[] goodPng = TestImages.png(320, 200, 22);
        byte[] goodGif = TestImages.gif(200, 150, 23);
        byte[] randomBytes = randomNonImageBytes(4096, 24);
        byte[] jpegPrefixPadded = padded(Arrays.copyOf(goodJpeg, goodJpeg.length - 2), 3 * 1024 * 1024);
        byte[] dripJpeg = TestImages.jpeg(32, 32, 25);

        origin.serve("/hostile/bomb.png", CraftedBytes.pngWithDeclaredSize(30_000, 30_000), "image/png")
                .serve("/hostile/truncated.jpg", Arrays.copyOf(goodJpeg, goodJpeg.length / 2), "image/jpeg")
                .serve("/hostile/page.jpg", "<!doctype html><html><body><h1>Not found</h1></body></html>"
                        .getBytes(StandardCharsets.UTF_8), "image/jpeg")
                .serve("/hostile/logo.svg", ("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">"
                        + "<rect width=\"10\" height=\"10\"/></svg>").getBytes(StandardCharsets.UTF_8), "image/svg+xml")
                .serve("/hostile/empty.jpg", new byte[0], "image/jpeg")
                .serve("/hostile/noise.jpg", randomBytes, "image/jpeg")
                .serve("/hostile/huge-declared.jpg", jpegPrefixPadded, "image/jpeg")
                .serveChunked("/hostile/huge-streamed.jpg", jpegPrefixPadded, "image/jpeg")
                .drip("/hostile/drip.jpg", dripJpeg, "image/jpeg", Duration.ofMillis(300))
                .serve("/good/photo.jpg", goodJpeg, "image/jpeg")
                .serve("/good/chart.png", goodPng, "image/png")
                .serve("/good/anim.gif", goodGif, "image/gif");

        Map<Long, Case> cases = new LinkedHashMap<>();
        cases.put(1L, new Case("/hostile/bomb.png", "TOO_MANY_PIXELS", 0, 0));
        cases.put(2L, new Case("/good/photo.jpg", null, 640, 480));
        cases.put(3L, new Case("/hostile/truncated.jpg", "DECODE_ERROR", 0, 0));
        cases.put(4L, new Case("/hostile/page.jpg", "NOT_AN_IMAGE", 0, 0));
        cases.put(5L, new Case("/hostile/logo.svg", "NOT_AN_IMAGE", 0, 0));
        cases.put(6L, new Case("/good/chart.png", null, 320, 200));
        cases.put(7L, new Case("/hostile/empty.jpg", "NOT_AN_IMAGE", 0, 0));
        cases.put(8L, new Case("/hostile/noise.jpg", "NOT_AN_IMAGE", 0, 0));
        cases.put(9L, new Case("/hostile/huge-declared.jpg", "TOO_LARGE", 0, 0));
        cases.put(10L, new Case("/hostile/huge-streamed.jpg", "TOO_LARGE", 0, 0));
        cases.put(11L, new Case("/good/anim.gif", null, 200, 150));
        cases.put(12L, new Case("/hostile/drip.jpg", "TIMEOUT", 0, 0));
        StringBuilder csv = new StringBuilder("S. No.,Product Name,Input Image Urls\n");
        cases.forEach((serial, c) -> csv.append(serial).append(",\"").append(c.path()).append("\",")
                .append(origin.url(c.path())).append('\n'));

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .collect(Collectors.toList());
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);

        Api api = new Api("http://127.0.0.1:" + port);
        String id = api.upload(csv.toString());
        Map<String, Object> status = api.awaitTerminal(id);

        assertThat(status.get("status")).isEqualTo("FAILED");
        long good = cases.values().stream().filter(c -> c.expectedReason() == null).count();
        assertThat(status.get("images")).isEqualTo(Map.of("total", cases.size(), "done", (int) good,
                "failed", cases.size() - (int) good, "pending", 0));

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> failures = (List<Map<String, Object>>) status.get("failures");
        Map<Long, String> actualReasons = new TreeMap<>();
        failures.forEach(f -> actualReasons.put(((Number) f.get("serialNumber")).longValue(), (String) f.get("reason")));
        Map<Long, String> expectedReasons = new TreeMap<>();
        cases.forEach((serial, c) -> {
            if (c.expectedReason() != null) {
                expectedReasons.put(serial, c.expectedReason());
            }
        });
        assertThat(actualReasons).as("failures %s", failures).isEqualTo(expectedReasons);
        assertThat(failures).allSatisfy(f -> assertThat((String) f.get("detail")).isNotBlank());
        Map<Long, String> details = new TreeMap<>();
        failures.forEach(f -> details.put(((Number) f.get("serialNumber")).longValue(), (String) f.get("detail")));
        assertThat(details.get(1L)).as("refused from the header").contains("30000x30000");
        assertThat(details.get(12L)).as("the drip never pauses for a read timeout: the total deadline ends it")
                .contains("longer than 2000 ms");
        assertThat(origin.hits("/hostile/drip.jpg")).as("a timeout is retried up to max-attempts").isEqualTo(2);
        assertThat(origin.hits("/hostile/bomb.png")).as("a rejected image is not retried").isEqualTo(1);
        assertThat(origin.hits("/hostile/huge-streamed.jpg")).as("TOO_LARGE is permanent").isEqualTo(1);

        for (Map<String, Object> product : api.products(id)) {
            Case c = cases.get(((Number) product.get("serialNumber")).longValue());
            @SuppressWarnings("unchecked")
            List<String> outputs = (List<String>) product.get("outputImageUrls");
            assertThat(outputs).as("outputs of %s", c.path()).hasSize(1);
            if (c.expectedReason() != null) {
                assertThat(outputs.get(0)).as("a failed image keeps its slot, empty").isEmpty();
                continue;
            }
            assertThat(outputs.get(0)).startsWith("http://localhost:" + port + "/images/" + id + "/");
            byte[] jpeg = api.download(outputs.get(0).replace("http://localhost:", "http://127.0.0.1:"));
            assertThat(ImageFormat.detect(jpeg)).isEqualTo(ImageFormat.JPEG);
            BufferedImage decoded = TestImages.decode(jpeg);
            assertThat(decoded.getWidth()).as("width of %s", c.path()).isEqualTo(c.width());
            assertThat(decoded.getHeight()).as("height of %s", c.path()).isEqualTo(c.height());
        }

        api.client().get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");

        long max = memory.getHeapMemoryUsage().getMax();
        long peak = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.gc();
        long usedAfterGc = memory.getHeapMemoryUsage().getUsed();
        System.out.printf("heap: max %d MB, peak during the request (sum of pool peaks) %d MB, used after GC %d MB%n",
                max >> 20, peak >> 20, usedAfterGc >> 20);
        if (max > 0) {
            // a decoded 30000x30000 bomb needs 2.7 GB or more, an uncapped body 3 MB per copy per attempt
            assertThat(peak).as("peak heap while processing").isLessThan(max / 2);
            assertThat(usedAfterGc).as("heap after GC").isLessThan(max / 4);
        }
    }

    // ------------------------------------------------------------------------------------------------ corpus

    /** Seeded random bytes that do not start with the magic bytes of any raster format. */
    static byte[] randomNonImageBytes(int size, long seed) {
        Random random = new Random(seed);
        byte[] bytes = new byte[size];
        do {
            random.nextBytes(bytes);
        } while (ImageFormat.detect(bytes) != null || (bytes[0] & 0xFF) == 0xFF || bytes[0] == 0);
        return bytes;
    }

    /** {@code prefix} followed by zero bytes up to {@code size}. */
    static byte[] padded(byte[] prefix, int size) {
        return Arrays.copyOf(prefix, Math.max(size, prefix.length));
    }
}
