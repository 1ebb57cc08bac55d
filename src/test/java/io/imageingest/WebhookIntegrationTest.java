package io.imageingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.imageingest.support.Api;
import io.imageingest.support.ImageOrigin;
import io.imageingest.support.StandardWebhooks;
import io.imageingest.support.TestImages;
import io.imageingest.support.TestService;
import io.imageingest.support.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Signed webhooks with durable retries, against a real local receiver. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebhookIntegrationTest {

    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("a-test-secret-of-32-bytes-long!!".getBytes());
    static final ImageOrigin origin = new ImageOrigin();
    static final WebhookReceiver receiver = new WebhookReceiver();

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestService.register(registry, dataDir, "127.0.0.1");
        registry.add("app.webhook.secret", () -> SECRET);
        registry.add("app.webhook.timeout", () -> "500ms");
        registry.add("app.webhook.initial-backoff", () -> "100ms");
        registry.add("app.webhook.poll-interval", () -> "100ms");
    }

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        origin.serve("/w/a.jpg", TestImages.jpeg(100, 80, 1), "image/jpeg");
    }

    @AfterAll
    static void stop() {
        origin.close();
        receiver.close();
    }

    private String submit(String webhookPath) {
        return (String) api.client().post()
                .uri(b -> b.path("/api/v1/requests").queryParam("webhookUrl", receiver.url(webhookPath)).build())
                .contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue("S. No.,Product Name,Input Image Urls\n1,A," + origin.url("/w/a.jpg") + "\n")
                .exchange().expectStatus().isAccepted()
                .expectBody(Map.class).returnResult().getResponseBody().get("requestId");
    }

    @Test
    void retriesAfterServerErrorAndTimeoutWithTheSameIdAndASignatureThatVerifies() throws Exception {
        receiver.script(500, WebhookReceiver.HANG, 200);
        String id = submit("/hook/retry");
        await().atMost(Duration.ofSeconds(30)).until(() -> webhook(id) != null
                && "DELIVERED".equals(webhook(id).get("state")));

        List<WebhookReceiver.Delivery> mine = deliveriesTo(id);
        assertThat(mine).hasSize(3);
        assertThat(mine).extracting(d -> d.header("webhook-id")).containsOnly(mine.get(0).header("webhook-id"));
        for (WebhookReceiver.Delivery d : mine) {
            assertThat(StandardWebhooks.verify(SECRET, d.header("webhook-id"), d.header("webhook-timestamp"),
                    d.body(), d.header("webhook-signature"))).isTrue();
            assertThat(StandardWebhooks.verify(SECRET, d.header("webhook-id"), d.header("webhook-timestamp"),
                    "tampered".getBytes(), d.header("webhook-signature"))).isFalse();
        }
        assertThat(mine.get(0).body()).isEqualTo(mine.get(2).body());
        Map<?, ?> event = JsonMapper.builder().build().readValue(mine.get(2).body(), Map.class);
        assertThat(event.get("type")).isEqualTo("request.completed");
        assertThat(((Map<?, ?>) event.get("data")).get("status")).isEqualTo("COMPLETED");
        assertThat(((Map<?, ?>) event.get("data")).get("requestId")).isEqualTo(id);
        assertThat(webhook(id)).containsEntry("attempts", 3).containsEntry("lastStatus", 200);
    }

    @Test
    void stopsRetryingWhenTheReceiverAnswersGone() {
        receiver.script(410);
        String id = submit("/hook/gone");
        await().atMost(Duration.ofSeconds(30)).until(() -> webhook(id) != null
                && "GONE".equals(webhook(id).get("state")));
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2))
                .until(() -> deliveriesTo(id).size() == 1);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> webhook(String id) {
        return (Map<String, Object>) api.status(id).get("webhook");
    }

    private List<WebhookReceiver.Delivery> deliveriesTo(String id) {
        return receiver.deliveries().stream()
                .filter(d -> new String(d.body()).contains(id))
                .toList();
    }
}
