package io.imageingest;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.imageingest.support.Api;
import io.imageingest.support.ImageOrigin;
import io.imageingest.support.TestImages;
import io.imageingest.support.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole service on a random port, against the embedded MongoDB (real wire protocol, real reactive
 * driver) and a real local HTTP origin serving generated images.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IngestFlowIntegrationTest {

    static final ImageOrigin origin = new ImageOrigin();

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestService.register(registry, dataDir, "127.0.0.1:" + origin.port());
        registry.add("app.fetch.read-timeout", () -> "700ms");
        registry.add("app.fetch.total-timeout", () -> "2s");
        registry.add("app.fetch.initial-backoff", () -> "20ms");
        registry.add("app.fetch.max-backoff", () -> "100ms");
        registry.add("app.upload.max-bytes", () -> "1MB");
        registry.add("app.upload.max-line-bytes", () -> "64KB");
    }

    @LocalServerPort
    int port;

    @Autowired
    ReactiveMongoTemplate mongo;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @AfterAll
    static void stopOrigin() {
        origin.close();
    }

    @Test
    void processesCsvEndToEndThroughOutputCsv() {
        byte[] big = TestImages.jpeg(1200, 800, 1);
        byte[] png = TestImages.png(300, 200, 2);
        byte[] portrait = TestImages.jpegWithOrientation(640, 480, 6);
        origin.serve("/happy/a.jpg", big, "image/jpeg")
                .serve("/happy/b.png", png, "image/png")
                .serve("/happy/c.jpg", portrait, "image/jpeg");
        String csv = "S. No.,Product Name,Input Image Urls\r\n"
                + "2,SKU2,\"" + origin.url("/happy/c.jpg") + "\"\r\n"
                + "1,SKU1,\"" + origin.url("/happy/a.jpg") + "," + origin.url("/happy/b.png") + "\"\r\n";

        String id = api.upload(csv);
        Map<String, Object> status = api.awaitTerminal(id);

        assertThat(status.get("status")).isEqualTo("COMPLETED");
        assertThat(status.get("images")).isEqualTo(Map.of("total", 3, "done", 3, "failed", 0, "pending", 0));
        assertThat(status.get("products")).isEqualTo(Map.of("total", 2, "done", 2, "failed", 0, "pending", 0));

        List<Map<String, Object>> products = api.products(id);
        assertThat(products).extracting(p -> p.get("serialNumber")).containsExactly(1, 2);
        @SuppressWarnings("unchecked")
        List<String> outputs1 = (List<String>) products.get(0).get("outputImageUrls");
        @SuppressWarnings("unchecked")
        List<String> outputs2 = (List<String>) products.get(1).get("outputImageUrls");
        assertThat(outputs1).hasSize(2).allMatch(u -> u.startsWith("http://localhost:" + port + "/images/" + id));

        byte[] out = api.download(outputs1.get(0));
        assertThat(out[0] & 0xff).isEqualTo(0xFF);
        assertThat(out[1] & 0xff).isEqualTo(0xD8);
        assertThat(out.length).isLessThan(big.length);
        BufferedImage decoded = TestImages.decode(out);
        assertThat(decoded.getWidth()).isEqualTo(1200);
        assertThat(TestImages.decode(api.download(outputs1.get(1))).getWidth()).isEqualTo(300);
        BufferedImage rotated = TestImages.decode(api.download(outputs2.get(0)));
        assertThat(rotated.getHeight()).isGreaterThan(rotated.getWidth());

        String csvOut = api.outputCsv(id);
        assertThat(csvOut.split("\r\n")).containsExactly(
                "S. No.,Product Name,Input Image Urls,Output Image Urls",
                "1,SKU1,\"" + origin.url("/happy/a.jpg") + "," + origin.url("/happy/b.png") + "\",\""
                        + outputs1.get(0) + "," + outputs1.get(1) + "\"",
                "2,SKU2,\"" + origin.url("/happy/c.jpg") + "\",\"" + outputs2.get(0) + "\"");
    }

    @Test
    void servesOutputImagesWithEtagAndNotModified() {
        origin.serve("/etag/a.jpg", TestImages.jpeg(200, 100, 3), "image/jpeg");
        String id = api.upload("S. No.,Product Name,Input Image Urls\n1,A," + origin.url("/etag/a.jpg") + "\n");
        api.awaitTerminal(id);
        @SuppressWarnings("unchecked")
        String url = ((List<String>) api.products(id).get(0).get("outputImageUrls")).get(0);
        String etag = api.client().get().uri(url).exchange().expectStatus().isOk()
                .returnResult(byte[].class).getResponseHeaders().getETag();
        api.client().get().uri(url).header("If-None-Match", etag).exchange().expectStatus().isNotModified();
        api.client().get().uri("/images/" + id + "/999-0.jpg").exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void reportsEachFailedImageWithItsReasonAndRetriesTransientOnes() {
        byte[] jpeg = TestImages.jpeg(320, 240, 4);
        origin.status("/fail/missing.jpg", 404)
                .failThenServe("/fail/flaky.jpg", 500, 1, jpeg, "image/jpeg")
                .serve("/fail/page.jpg", "<html><body>not an image</body></html>".getBytes(), "image/jpeg")
                .status("/fail/down.jpg", 503);
        origin.stall("/fail/slow.jpg", jpeg, "image/jpeg");
        String csv = "S. No.,Product Name,Input Image Urls\n"
                + "1,Mixed,\"" + origin.url("/fail/missing.jpg") + "," + origin.url("/fail/flaky.jpg") + "\"\n"
                + "2,Html," + origin.url("/fail/page.jpg") + "\n"
                + "3,Slow," + origin.url("/fail/slow.jpg") + "\n"
                + "4,Down," + origin.url("/fail/down.jpg") + "\n";

        String id = api.upload(csv);
        Map<String, Object> status = api.awaitTerminal(id);

        assertThat(status.get("status")).isEqualTo("FAILED");
        assertThat(status.get("images")).isEqualTo(Map.of("total", 5, "done", 1, "failed", 4, "pending", 0));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> failures = (List<Map<String, Object>>) status.get("failures");
        assertThat(failures).extracting(f -> f.get("serialNumber") + ":" + f.get("reason"))
                .containsExactly("1:HTTP_404", "2:NOT_AN_IMAGE", "3:TIMEOUT", "4:HTTP_503");
        assertThat(origin.hits("/fail/missing.jpg")).as("404 is permanent: not retried").isEqualTo(1);
        assertThat(origin.hits("/fail/flaky.jpg")).as("500 then 200: retried once").isEqualTo(2);
        assertThat(origin.hits("/fail/down.jpg")).as("503 retried up to max-attempts").isEqualTo(3);
        assertThat(origin.hits("/fail/slow.jpg")).as("timeouts are retried").isEqualTo(3);

        List<Map<String, Object>> products = api.products(id);
        @SuppressWarnings("unchecked")
        List<String> mixed = (List<String>) products.get(0).get("outputImageUrls");
        assertThat(mixed).hasSize(2);
        assertThat(mixed.get(0)).isEmpty();
        assertThat(mixed.get(1)).contains("/images/" + id + "/1-1.jpg");
        assertThat(api.outputCsv(id)).contains("1,Mixed,\"" + origin.url("/fail/missing.jpg") + ","
                + origin.url("/fail/flaky.jpg") + "\",\"," + mixed.get(1) + "\"");
    }

    @Test
    void refusesNonPublicAddressesPerImageWhileGoodImagesSucceed() {
        try (ImageOrigin internal = new ImageOrigin()) {
            internal.serve("/admin.jpg", TestImages.jpeg(50, 50, 8), "image/jpeg");
            origin.serve("/ssrf/ok.jpg", TestImages.jpeg(160, 120, 9), "image/jpeg")
                    .redirect("/ssrf/hop.jpg", internal.url("/admin.jpg"))
                    .redirect("/ssrf/decimal.jpg", "http://2130706433:" + internal.port() + "/admin.jpg")
                    .redirect("/ssrf/hex.jpg", "http://0x7f.1:" + internal.port() + "/admin.jpg");
            String csv = "S. No.,Product Name,Input Image Urls\n"
                    + "1,Good," + origin.url("/ssrf/ok.jpg") + "\n"
                    + "2,Metadata,http://169.254.169.254/latest/meta-data/\n"
                    + "3,Unspecified,http://0.0.0.0:" + internal.port() + "/admin.jpg\n"
                    + "4,Ipv6Loopback,http://[::1]:" + internal.port() + "/admin.jpg\n"
                    + "5,OtherPort," + internal.url("/admin.jpg") + "\n"
                    + "6,Localhost,http://localhost:" + internal.port() + "/admin.jpg\n"
                    + "7,Redirect," + origin.url("/ssrf/hop.jpg") + "\n"
                    + "8,RedirectDecimal," + origin.url("/ssrf/decimal.jpg") + "\n"
                    + "9,RedirectHex," + origin.url("/ssrf/hex.jpg") + "\n";

            Map<String, Object> status = api.awaitTerminal(api.upload(csv));

            assertThat(status.get("status")).isEqualTo("FAILED");
            assertThat(status.get("images")).isEqualTo(Map.of("total", 9, "done", 1, "failed", 8, "pending", 0));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> failures = (List<Map<String, Object>>) status.get("failures");
            assertThat(failures).extracting(f -> f.get("reason")).containsOnly("BLOCKED_ADDRESS").hasSize(8);
            assertThat(internal.hits("/admin.jpg")).as("the internal origin never sees a request").isZero();
            assertThat(origin.hits("/ssrf/hop.jpg")).isEqualTo(1);
        }
    }

    @Test
    void refusesNumericSpellingsOfLoopbackAtIntakeOrPerImage() {
        try (ImageOrigin internal = new ImageOrigin()) {
            internal.serve("/admin.jpg", TestImages.jpeg(50, 50, 8), "image/jpeg");
            for (String host : new String[]{"2130706433", "0x7f.1", "017700000001", "127.1", "0"}) {
                String csv = "S. No.,Product Name,Input Image Urls\n1,N,http://" + host + ":" + internal.port()
                        + "/admin.jpg\n";
                var result = api.client().post().uri("/api/v1/requests")
                        .contentType(MediaType.parseMediaType("text/csv")).bodyValue(csv)
                        .exchange().expectBody(Map.class).returnResult();
                if (result.getStatus().value() == 400) {
                    continue; // the CSV check already refused the URL
                }
                assertThat(result.getStatus().value()).as(host).isEqualTo(202);
                Map<String, Object> status = api.awaitTerminal((String) result.getResponseBody().get("requestId"));
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> failures = (List<Map<String, Object>>) status.get("failures");
                assertThat(failures).as(host).extracting(f -> f.get("reason")).containsExactly("BLOCKED_ADDRESS");
            }
            assertThat(internal.hits("/admin.jpg")).isZero();
        }
    }

    @Test
    void outputCsvIsNotReadyWhileProcessing() {
        CountDownLatch release = origin.stall("/wait/a.jpg", TestImages.jpeg(100, 100, 5), "image/jpeg");
        String id = api.upload("S. No.,Product Name,Input Image Urls\n1,A," + origin.url("/wait/a.jpg") + "\n");
        try {
            api.client().get().uri("/api/v1/requests/{id}/output.csv", id).exchange()
                    .expectStatus().isEqualTo(409)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("COMPLETED"));
        } finally {
            release.countDown();
        }
        assertThat(api.awaitTerminal(id).get("status")).isEqualTo("COMPLETED");
    }

    @Test
    void rejectsInvalidCsvListingLinesAndStoresNothing() {
        long productsBefore = count("products");
        long requestsBefore = count("requests");
        StringBuilder csv = new StringBuilder("S. No.,Product Name,Input Image Urls\n");
        for (int i = 1; i <= 3000; i++) {
            csv.append(i).append(",P").append(i).append(",http://example.com/").append(i).append(".jpg\n");
        }
        csv.append("x,Bad,http://example.com/x.jpg\n");
        csv.append("3002,,http://example.com/y.jpg\n");

        api.client().post().uri("/api/v1/requests").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(org.springframework.web.reactive.function.BodyInserters.fromMultipartData(
                        Api.multipart(csv.toString())))
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors.length()").isEqualTo(2)
                .jsonPath("$.errors[0].line").isEqualTo(3002)
                .jsonPath("$.errors[0].reason").value(r -> assertThat((String) r).contains("S. No."))
                .jsonPath("$.errors[1].line").isEqualTo(3003)
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("line 3002"));

        assertThat(count("products")).isEqualTo(productsBefore);
        assertThat(count("requests")).isEqualTo(requestsBefore);
        assertThat(count("uploads")).isZero();
    }

    @Test
    void acceptsRawTextCsvBody() {
        origin.serve("/raw/a.jpg", TestImages.jpeg(100, 80, 6), "image/jpeg");
        api.client().post().uri("/api/v1/requests").contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue("S. No.,Product Name,Input Image Urls\n7,Raw," + origin.url("/raw/a.jpg") + "\n")
                .exchange()
                .expectStatus().isAccepted()
                .expectBody()
                .jsonPath("$.status").isEqualTo("PENDING")
                .jsonPath("$.productCount").isEqualTo(1)
                .jsonPath("$.imageCount").isEqualTo(1);
    }

    @Test
    void answersProblemsForWrongMediaTypeUnknownRequestAndOversizedUpload() {
        api.client().post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange().expectStatus().isEqualTo(415)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        api.client().get().uri("/api/v1/requests/{id}", "00000000-0000-0000-0000-000000000000").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(404).jsonPath("$.detail").exists();
        api.client().get().uri("/api/v1/requests/{id}/output.csv", "nope").exchange()
                .expectStatus().isNotFound();

        long productsBefore = count("products");
        StringBuilder big = new StringBuilder("S. No.,Product Name,Input Image Urls\n");
        for (int i = 1; big.length() < 1_200_000; i++) {
            big.append(i).append(",Product ").append(i).append(",http://example.com/images/").append(i)
                    .append(".jpg\n");
        }
        api.client().post().uri("/api/v1/requests").contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue(big.toString())
                .exchange().expectStatus().isEqualTo(413)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(count("products")).isEqualTo(productsBefore);
        assertThat(count("uploads")).isZero();
    }

    @Test
    void rejectsALineLongerThanTheLimitNamingItsLine() {
        long productsBefore = count("products");
        String longName = "x".repeat(70_000);
        String csv = "S. No.,Product Name,Input Image Urls\n1,A,http://example.com/a.jpg\n2," + longName
                + ",http://example.com/b.jpg\n";
        api.client().post().uri("/api/v1/requests").contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue(csv).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].line").isEqualTo(3)
                .jsonPath("$.errors[0].reason").value(r -> assertThat((String) r).contains("max-line-bytes"));
        assertThat(count("products")).isEqualTo(productsBefore);
        assertThat(count("uploads")).isZero();
    }

    @Test
    void returnsTheFirstRequestForARepeatedIdempotencyKeyAndRefusesItWithAnotherBody() {
        origin.serve("/idem/a.jpg", TestImages.jpeg(80, 60, 11), "image/jpeg");
        String csv = "S. No.,Product Name,Input Image Urls\n1,A," + origin.url("/idem/a.jpg") + "\n";
        String first = submitWithKey("key-123", csv);
        long products = count("products");
        String again = submitWithKey("key-123", csv);
        assertThat(again).isEqualTo(first);
        assertThat(count("products")).as("the repeat stores nothing").isEqualTo(products);

        api.client().post().uri("/api/v1/requests").header("Idempotency-Key", "key-123")
                .contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue(csv + "2,B," + origin.url("/idem/a.jpg") + "\n")
                .exchange()
                .expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains(first));
        assertThat(count("products")).isEqualTo(products);
        assertThat(count("uploads")).isZero();
        assertThat(submitWithKey("key-456", csv)).as("another key is another request").isNotEqualTo(first);
    }

    private String submitWithKey(String key, String csv) {
        return (String) api.client().post().uri("/api/v1/requests").header("Idempotency-Key", key)
                .contentType(MediaType.parseMediaType("text/csv")).bodyValue(csv)
                .exchange().expectStatus().isAccepted()
                .expectBody(Map.class).returnResult().getResponseBody().get("requestId");
    }

    private long count(String collection) {
        return mongo.getCollection(collection).flatMap(c -> reactor.core.publisher.Mono.from(c.countDocuments()))
                .block();
    }
}
