package io.imageingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.imageingest.support.Api;
import io.imageingest.support.Browser;
import io.imageingest.support.ImageOrigin;
import io.imageingest.support.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offline demo: with the {@code demo} profile the service serves its own sample images and a CSV that
 * points to them, and may download from its own port on 127.0.0.1, and from nothing else that is not public.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
class DemoProfileIntegrationTest {

    /** Another local origin: not allow-listed, so the guard must still refuse it. */
    static final ImageOrigin other = new ImageOrigin();

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        // no app.outbound.allow-list here: the demo profile adds the service's own address by itself
        registry.add("app.data-dir", dataDir::toString);
        registry.add("app.embedded-mongo.backend", () -> "memory");
        registry.add("app.worker.poll-interval", () -> "200ms");
        registry.add("app.worker.heartbeat", () -> "200ms");
    }

    @LocalServerPort
    int port;

    @AfterAll
    static void stopOrigin() {
        other.close();
    }

    @Test
    void sampleCsvCompletesWithEveryOutput() {
        Api api = new Api(port);
        api.client().get().uri("/demo/info").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.sampleCsv").isEqualTo("/demo/products.csv");
        String csv = api.client().get().uri("/demo/products.csv").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("text/csv"))
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(csv).startsWith("S. No.,Product Name,Input Image Urls\r\n")
                .contains("http://127.0.0.1:" + port + "/demo/images/mug.jpg");

        String id = api.upload(csv);
        Map<String, Object> status = api.awaitTerminal(id);

        assertThat(status.get("status")).isEqualTo("COMPLETED");
        assertThat(status.get("images")).isEqualTo(Map.of("total", 5, "done", 5, "failed", 0, "pending", 0));
        List<Map<String, Object>> products = api.products(id);
        assertThat(products).hasSize(3);
        for (Map<String, Object> product : products) {
            @SuppressWarnings("unchecked")
            List<String> outputs = (List<String>) product.get("outputImageUrls");
            assertThat(outputs).isNotEmpty().allSatisfy(url -> assertThat(api.download(url)).isNotEmpty());
            assertThat(((Number) product.get("bytesOut")).longValue()).isPositive();
        }
        @SuppressWarnings("unchecked")
        String bottle = ((List<String>) products.get(2).get("outputImageUrls")).get(0);
        var upright = TestImages.decode(api.download(bottle));
        assertThat(upright.getHeight()).as("EXIF orientation 6 applied").isGreaterThan(upright.getWidth());
        assertThat(api.outputCsv(id).split("\r\n")).hasSize(4);
    }

    @Test
    void stillRefusesEveryOtherNonPublicAddress() {
        other.serve("/a.jpg", TestImages.jpeg(64, 64, 1), "image/jpeg");
        Api api = new Api(port);
        String id = api.upload("S. No.,Product Name,Input Image Urls\n"
                + "1,Other local port," + other.url("/a.jpg") + "\n"
                + "2,Own port by another name,http://127.0.0.2:" + port + "/demo/images/mug.jpg\n");

        Map<String, Object> status = api.awaitTerminal(id);

        assertThat(status.get("status")).isEqualTo("FAILED");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> failures = (List<Map<String, Object>>) status.get("failures");
        assertThat(failures).extracting(f -> f.get("reason")).containsExactly("BLOCKED_ADDRESS", "BLOCKED_ADDRESS");
        assertThat(other.hits("/a.jpg")).isZero();
    }

    @Test
    void pageOffersTheSampleAndRunsIt() {
        try (Browser browser = Browser.start()) {
            browser.driver().get("http://localhost:" + port + "/");
            browser.await(Duration.ofSeconds(10))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.id("sample-button"))).click();
            browser.await(Duration.ofSeconds(60))
                    .until(ExpectedConditions.textToBe(By.id("request-status"), "COMPLETED"));
            browser.await(Duration.ofSeconds(20)).until(d -> browser.script(
                    "const imgs = [...document.querySelectorAll('#products img.thumb')];"
                            + "return imgs.length === 10 && imgs.every(i => i.complete && i.naturalWidth > 0);"));
            browser.screenshot("07-demo-completed");
        }
    }
}
