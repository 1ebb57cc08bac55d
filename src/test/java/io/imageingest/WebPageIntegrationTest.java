package io.imageingest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.imageingest.support.Api;
import io.imageingest.support.Browser;
import io.imageingest.support.ImageOrigin;
import io.imageingest.support.TestImages;
import io.imageingest.support.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web page in a real headless Chromium, used as a newcomer would: choose a CSV, watch it complete, look
 * at the thumbnails, download output.csv; then a bad CSV and its line errors. Screenshots of each state go
 * to {@code target/screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebPageIntegrationTest {

    static final ImageOrigin origin = new ImageOrigin();

    @TempDir
    static Path dataDir;

    @TempDir
    Path files;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestService.register(registry, dataDir, "127.0.0.1:" + origin.port());
    }

    @LocalServerPort
    int port;

    Browser browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @AfterAll
    static void stopOrigin() {
        origin.close();
    }

    private String page() {
        return "http://localhost:" + port + "/";
    }

    private WebElement byId(String id) {
        return browser.driver().findElement(By.id(id));
    }

    @Test
    void uploadsCsvShowsLiveProgressThumbnailsAndOutputCsv() throws Exception {
        origin.serve("/web/a.jpg", TestImages.jpeg(900, 600, 11), "image/jpeg")
                .serve("/web/b.png", TestImages.png(320, 240, 12), "image/png");
        // held back until the page shows the request in progress: the rest must arrive through the event stream
        CountDownLatch lastImage = origin.stall("/web/c.jpg", TestImages.jpegWithOrientation(640, 480, 6),
                "image/jpeg");
        Path csv = files.resolve("products.csv");
        Files.writeString(csv, "S. No.,Product Name,Input Image Urls\n"
                + "1,Blue chair,\"" + origin.url("/web/a.jpg") + "," + origin.url("/web/b.png") + "\"\n"
                + "2,Tall lamp," + origin.url("/web/c.jpg") + "\n");

        browser = Browser.start();
        browser.driver().get(page());
        // the recent list has loaded (empty, or with requests of other tests)
        browser.await(Duration.ofSeconds(10)).until(d -> byId("recent-empty").isDisplayed()
                || !browser.driver().findElements(By.cssSelector("#recent-list li")).isEmpty());
        browser.screenshot("01-start");

        byId("file-input").sendKeys(csv.toString());
        assertThat(byId("file-name").getText()).isEqualTo("Selected: products.csv");
        byId("upload-button").click();

        browser.await(Duration.ofSeconds(60)).until(d -> "PROCESSING".equals(byId("request-status").getText())
                && "2".equals(byId("request-progress").getDomProperty("value")));
        assertThat(byId("request-counts").getText()).contains("images 2 done, 0 failed, 1 pending of 3");
        browser.screenshot("02-processing");
        lastImage.countDown();

        browser.await(Duration.ofSeconds(60))
                .until(ExpectedConditions.textToBe(By.id("request-status"), "COMPLETED"));
        WebElement progress = byId("request-progress");
        assertThat(progress.getDomProperty("value")).isEqualTo("3");
        assertThat(progress.getDomProperty("max")).isEqualTo("3");
        assertThat(byId("request-counts").getText()).contains("images 3 done, 0 failed, 0 pending of 3");
        assertThat(byId("request-bytes").getText()).startsWith("Downloaded ").contains("smaller");

        // 3 input and 3 output thumbnails, all decoded by the browser
        browser.await(Duration.ofSeconds(20)).until(d -> browser.script(
                "const imgs = [...document.querySelectorAll('#products img.thumb')];"
                        + "return imgs.length === 6 && imgs.every(i => i.complete && i.naturalWidth > 0);"));
        @SuppressWarnings("unchecked")
        List<String> sources = (List<String>) browser.script(
                "return [...document.querySelectorAll('#products img.thumb')].map(i => i.src)");
        assertThat(sources).filteredOn(s -> s.contains("/images/")).hasSize(3);
        assertThat(sources).filteredOn(s -> s.startsWith(origin.url("/web/"))).hasSize(3);
        assertThat(browser.driver().findElements(By.cssSelector("#products tbody tr"))).hasSize(2);
        assertThat(byId("page-info").getText()).isEqualTo("Page 1 of 1 (2 products)");
        // the rotated input (EXIF orientation 6) comes out upright: taller than wide
        Number rotatedWidth = (Number) browser.script("return document.querySelectorAll("
                + "'#products tbody tr')[1].querySelector('a[href*=\"/images/\"] img').naturalWidth");
        Number rotatedHeight = (Number) browser.script("return document.querySelectorAll("
                + "'#products tbody tr')[1].querySelector('a[href*=\"/images/\"] img').naturalHeight");
        assertThat(rotatedHeight.intValue()).isGreaterThan(rotatedWidth.intValue());
        browser.await(Duration.ofSeconds(10)).until(d -> !byId("recent-list").getText().isEmpty());
        assertThat(byId("recent-list").getText()).contains("COMPLETED").contains("3/3 images");
        browser.screenshot("03-completed");

        String requestId = byId("request-id").getText();
        assertThat(browser.driver().getCurrentUrl()).endsWith("#/requests/" + requestId);
        WebElement link = byId("output-link");
        assertThat(link.getDomAttribute("href")).isEqualTo("/api/v1/requests/" + requestId + "/output.csv");
        link.click();
        Path downloaded = browser.downloads().resolve(requestId + "-output.csv");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(downloaded) && Files.size(downloaded) > 0);
        List<String> lines = Files.readAllLines(downloaded, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("S. No.,Product Name,Input Image Urls,Output Image Urls");
        assertThat(lines.get(1)).startsWith("1,Blue chair,\"" + origin.url("/web/a.jpg") + ","
                + origin.url("/web/b.png") + "\",\"http://localhost:" + port + "/images/" + requestId + "/");
        assertThat(lines.get(2)).startsWith("2,Tall lamp,\"" + origin.url("/web/c.jpg") + "\",\"http://localhost:");

        // the same page on a phone-sized screen
        browser.driver().manage().window().setSize(new Dimension(390, 844));
        browser.screenshot("04-completed-phone");
    }

    @Test
    void showsLineErrorsOfRejectedCsvUsingKeyboardOnly() throws Exception {
        Path csv = files.resolve("bad.csv");
        Files.writeString(csv, "S. No.,Product Name,Input Image Urls\n"
                + "1,Good," + origin.url("/web/a.jpg") + "\n"
                + "x,Bad serial," + origin.url("/web/a.jpg") + "\n"
                + "3,Bad URL,ftp://example.com/a.jpg\n");
        browser = Browser.start();
        browser.driver().get(page());

        // Tab from the top of the page: skip link, then the file input, then the Upload button
        // (the file chooser dialog is the one thing a test cannot drive: the path goes to the focused input)
        press(Keys.TAB);
        assertThat(active()).isEqualTo("skip link");
        press(Keys.TAB);
        assertThat(active()).isEqualTo("file-input");
        browser.driver().switchTo().activeElement().sendKeys(csv.toString());
        press(Keys.TAB);
        assertThat(active()).isEqualTo("upload-button");
        press(Keys.ENTER);

        browser.await(Duration.ofSeconds(20)).until(d -> byId("upload-errors").isDisplayed());
        assertThat(byId("upload-errors").getDomAttribute("role")).isEqualTo("alert");
        assertThat(byId("upload-errors-detail").getText()).contains("2 invalid row(s)");
        List<WebElement> rows = browser.driver().findElements(By.cssSelector("#line-errors tbody tr"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).findElement(By.tagName("th")).getText()).isEqualTo("3");
        assertThat(rows.get(0).findElement(By.tagName("td")).getText()).containsIgnoringCase("S. No.");
        assertThat(rows.get(1).findElement(By.tagName("th")).getText()).isEqualTo("4");
        assertThat(rows.get(1).findElement(By.tagName("td")).getText()).contains("ftp://example.com/a.jpg");
        assertThat(byId("request-panel").isDisplayed()).isFalse();
        browser.screenshot("05-line-errors");
    }

    @Test
    void servesThePageWithRevalidationAndNoDemoWithoutTheProfile() {
        Api api = new Api(port);
        api.client().get().uri("/").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader().cacheControl(CacheControl.noCache())
                .expectBody(String.class).value(html -> assertThat(html).contains("<title>image-ingest</title>")
                        .contains("name=\"viewport\""));
        for (String asset : List.of("/index.html", "/js/app.js", "/js/api.js", "/js/events.js", "/css/app.css")) {
            api.client().get().uri(asset).exchange().expectStatus().isOk()
                    .expectHeader().cacheControl(CacheControl.noCache())
                    .expectHeader().exists(HttpHeaders.LAST_MODIFIED);
        }
        for (String demo : List.of("/demo/info", "/demo/products.csv", "/demo/images/mug.jpg")) {
            api.client().get().uri(demo).exchange().expectStatus().isNotFound();
        }
        // the service's own loopback address is not allow-listed without the demo profile
        String id = api.upload("S. No.,Product Name,Input Image Urls\n1,Self,http://127.0.0.1:" + port + "/index.html\n");
        Map<String, Object> status = api.awaitTerminal(id);
        assertThat(status.get("status")).isEqualTo("FAILED");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> failures = (List<Map<String, Object>>) status.get("failures");
        assertThat(failures).extracting(f -> f.get("reason")).containsExactly("BLOCKED_ADDRESS");
    }

    @Test
    void takesADroppedFile() {
        origin.serve("/web/dropped.jpg", TestImages.jpeg(200, 150, 13), "image/jpeg");
        String csv = "S. No.,Product Name,Input Image Urls\n1,Dropped," + origin.url("/web/dropped.jpg") + "\n";
        browser = Browser.start();
        browser.driver().get(page());
        browser.await(Duration.ofSeconds(10)).until(d -> browser.script("return !!document.getElementById('drop-zone')"));

        browser.script("const dt = new DataTransfer();"
                + "dt.items.add(new File([arguments[0]], 'dropped.csv', {type: 'text/csv'}));"
                + "const zone = document.getElementById('drop-zone');"
                + "zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));"
                + "zone.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));",
                csv);

        assertThat(byId("file-name").getText()).isEqualTo("Selected: dropped.csv");
        assertThat(active()).isEqualTo("upload-button");
        press(Keys.ENTER);
        browser.await(Duration.ofSeconds(60))
                .until(ExpectedConditions.textToBe(By.id("request-status"), "COMPLETED"));
        assertThat(byId("upload-message").getText()).isEqualTo("Accepted dropped.csv: 1 product, 1 image.");
    }

    private void press(Keys key) {
        new Actions(browser.driver()).sendKeys(key).perform();
    }

    private String active() {
        return (String) browser.script("const a = document.activeElement;"
                + "return a.id || (a.classList.contains('skip') ? 'skip link' : a.tagName)");
    }
}
