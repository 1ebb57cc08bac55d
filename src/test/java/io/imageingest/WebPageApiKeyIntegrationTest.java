package io.imageingest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import io.imageingest.support.Browser;
import io.imageingest.support.ImageOrigin;
import io.imageingest.support.TestImages;
import io.imageingest.support.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web page against a service with API keys: it asks for a key, keeps it for the tab, follows the event
 * stream with the key in a header (fetch, not EventSource) and downloads output.csv with it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebPageApiKeyIntegrationTest {

    static final ImageOrigin origin = new ImageOrigin();

    @TempDir
    static Path dataDir;

    @TempDir
    Path files;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestService.register(registry, dataDir, "127.0.0.1:" + origin.port());
        registry.add("app.security.api-keys", () -> "web-key-1");
    }

    @LocalServerPort
    int port;

    @AfterAll
    static void stopOrigin() {
        origin.close();
    }

    @Test
    void asksForTheKeyAndUsesItForUploadEventsAndOutput() throws Exception {
        origin.serve("/key/a.jpg", TestImages.jpeg(400, 300, 21), "image/jpeg");
        CountDownLatch held = origin.stall("/key/b.jpg", TestImages.jpeg(300, 400, 22), "image/jpeg");
        Path csv = files.resolve("keyed.csv");
        Files.writeString(csv, "S. No.,Product Name,Input Image Urls\n1,Keyed," + origin.url("/key/a.jpg") + "\n"
                + "2,Held," + origin.url("/key/b.jpg") + "\n");

        try (Browser browser = Browser.start()) {
            browser.driver().get("http://localhost:" + port + "/");
            WebElement keyInput = browser.await(Duration.ofSeconds(10))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.id("key-input")));
            assertThat(browser.script("return document.activeElement.id")).isEqualTo("key-input");
            keyInput.sendKeys("wrong-key", Keys.ENTER);
            browser.await(Duration.ofSeconds(10)).until(ExpectedConditions.textToBePresentInElementLocated(
                    By.id("key-reason"), "The API key was refused"));
            browser.screenshot("06-api-key-refused");

            browser.driver().findElement(By.id("key-input")).sendKeys("web-key-1", Keys.ENTER);
            browser.await(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("recent-empty")).isDisplayed());
            assertThat(browser.driver().findElement(By.id("key-panel")).isDisplayed()).isFalse();

            browser.driver().findElement(By.id("file-input")).sendKeys(csv.toString());
            browser.driver().findElement(By.id("upload-button")).click();
            browser.await(Duration.ofSeconds(60)).until(d -> "PROCESSING".equals(
                    d.findElement(By.id("request-status")).getText())
                    && "1".equals(d.findElement(By.id("request-progress")).getDomProperty("value")));
            held.countDown();
            browser.await(Duration.ofSeconds(60))
                    .until(ExpectedConditions.textToBe(By.id("request-status"), "COMPLETED"));
            browser.await(Duration.ofSeconds(20)).until(d -> browser.script(
                    "const imgs = [...document.querySelectorAll('#products img.thumb')];"
                            + "return imgs.length === 4 && imgs.every(i => i.complete && i.naturalWidth > 0);"));

            String requestId = browser.driver().findElement(By.id("request-id")).getText();
            WebElement link = browser.await(Duration.ofSeconds(10))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.id("output-link")));
            assertThat(link.getDomAttribute("href")).startsWith("blob:");
            browser.screenshot("06-api-key-completed");
            link.click();
            Path downloaded = browser.downloads().resolve(requestId + "-output.csv");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(downloaded) && Files.size(downloaded) > 0);
            List<String> lines = Files.readAllLines(downloaded, StandardCharsets.UTF_8);
            assertThat(lines).hasSize(3);
            assertThat(lines.get(1)).startsWith("1,Keyed,").contains("/images/" + requestId + "/1-0.jpg");
            assertThat(lines.get(2)).startsWith("2,Held,").contains("/images/" + requestId + "/2-0.jpg");
            assertThat((String) browser.script("return sessionStorage.getItem('image-ingest.api-key')"))
                    .isEqualTo("web-key-1");
        }
    }
}
