package io.imageingest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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

/** A URL repeated across the products of one request is downloaded and encoded once. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RepeatedUrlsIntegrationTest {

    static final ImageOrigin origin = new ImageOrigin();

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestService.register(registry, dataDir, "127.0.0.1:" + origin.port());
        registry.add("app.worker.save-batch", () -> "7");
    }

    @LocalServerPort
    int port;

    @AfterAll
    static void stopOrigin() {
        origin.close();
    }

    @Test
    void fetchesARepeatedUrlOnceAndGivesEveryRepeatTheSameOutput() {
        origin.serve("/shared.jpg", TestImages.jpeg(400, 300, 3), "image/jpeg");
        StringBuilder csv = new StringBuilder("S. No.,Product Name,Input Image Urls\n");
        for (int serial = 1; serial <= 40; serial++) {
            origin.serve("/own-" + serial + ".jpg", TestImages.jpeg(120, 90, serial), "image/jpeg");
            csv.append(serial).append(",SKU").append(serial).append(",\"").append(origin.url("/own-" + serial + ".jpg"))
                    .append(',').append(origin.url("/shared.jpg")).append("\"\n");
        }
        Api api = new Api(port);

        String id = api.upload(csv.toString());
        Map<String, Object> status = api.awaitTerminal(id);

        assertThat(status.get("status")).isEqualTo("COMPLETED");
        assertThat(status.get("images")).isEqualTo(Map.of("total", 80, "done", 80, "failed", 0, "pending", 0));
        assertThat(origin.hits("/shared.jpg")).isEqualTo(1);
        assertThat(origin.hits("/own-17.jpg")).isEqualTo(1);
        @SuppressWarnings("unchecked")
        List<String> sharedOutputs = api.products(id).stream()
                .map(p -> ((List<String>) p.get("outputImageUrls")).get(1)).distinct().toList();
        assertThat(sharedOutputs).hasSize(1);
        byte[] jpeg = api.download(sharedOutputs.get(0));
        assertThat(TestImages.decode(jpeg).getWidth()).isEqualTo(400);
    }
}
