package io.imageingest.client;

import java.nio.file.Path;
import java.time.Duration;

import io.imageingest.support.ImageOrigin;
import io.imageingest.support.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** With API keys configured on the service, the SDK sends its key and maps a missing or wrong one to 401. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ClientSdkApiKeyIntegrationTest {

    static final ImageOrigin origin = new ImageOrigin();
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ServiceProperties.register(registry, dataDir, origin);
        registry.add("app.security.api-keys", () -> "sdk-key");
    }

    @LocalServerPort
    int port;

    @AfterAll
    static void stopOrigin() {
        origin.close();
    }

    private ImageIngestClient client(String key) {
        return ImageIngestClient.builder().baseUrl("http://localhost:" + port).apiKey(key).build();
    }

    @Test
    void sendsTheApiKeyAndReportsAMissingOrWrongOneAsUnauthorized() {
        origin.serve("/key/a.jpg", TestImages.jpeg(80, 60, 1), "image/jpeg");
        String csv = "S. No.,Product Name,Input Image Urls\n1,A," + origin.url("/key/a.jpg") + "\n";

        ImageIngestClient authorized = client("sdk-key");
        String id = authorized.submit(ServiceProperties.csvBody(csv)).block(WAIT).requestId();
        assertThat(authorized.awaitCompletion(id).block(WAIT).status()).isEqualTo(Status.COMPLETED);
        assertThat(authorized.products(id).count().block(WAIT)).isEqualTo(1);

        assertThatThrownBy(() -> client(null).status(id).block(WAIT))
                .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.detail()).contains("Authorization: Bearer");
                });
        assertThatThrownBy(() -> client("wrong").events(id).blockLast(WAIT))
                .isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> client("wrong").awaitCompletion(id).block(WAIT))
                .isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> client("wrong").submit(ServiceProperties.csvBody(csv)).block(WAIT))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("not valid");
    }
}
