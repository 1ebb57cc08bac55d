package io.imageingest.ops;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.imageingest.support.Api;
import io.imageingest.support.ImageOrigin;
import io.imageingest.support.TestImages;
import io.imageingest.support.TestService;
import io.imageingest.support.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Operators' view of a running service: Prometheus metrics that move while a request is processed,
 * health components and probe groups, and log lines (JSON, ECS) that carry the request id across the
 * reactive chain.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "logging.structured.format.console=ecs")
class OperationsIntegrationTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    static final ImageOrigin origin = new ImageOrigin();
    static final WebhookReceiver receiver = new WebhookReceiver();

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestService.register(registry, dataDir, "127.0.0.1:" + origin.port() + ",127.0.0.1:" + receiver.port());
        registry.add("app.operations.status-count-interval", () -> "200ms");
        registry.add("app.operations.progress-log-interval", () -> "200ms");
        registry.add("app.fetch.max-attempts", () -> "1");
        registry.add("app.webhook.poll-interval", () -> "100ms");
    }

    @LocalServerPort
    int port;

    Api api;
    final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
    final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            events.add(event);
        }
    };

    @BeforeEach
    void setUp() {
        api = new Api("http://127.0.0.1:" + port);
        appender.start();
        root().addAppender(appender);
    }

    @AfterEach
    void detach() {
        root().detachAppender(appender);
    }

    @AfterAll
    static void stopServers() {
        origin.close();
        receiver.close();
    }

    @Test
    void imageMetricsMoveWhileARequestRuns(CapturedOutput output) {
        PrometheusText before = scrape();
        origin.serve("/m/a.jpg", TestImages.jpeg(200, 100, 1), "image/jpeg")
                .serve("/m/b.png", TestImages.png(120, 80, 2), "image/png")
                .status("/m/missing.jpg", 404);
        CountDownLatch release = origin.stall("/m/slow.jpg", TestImages.jpeg(90, 60, 3), "image/jpeg");
        String csv = "S. No.,Product Name,Input Image Urls\n"
                + "1,A,\"" + origin.url("/m/a.jpg") + "," + origin.url("/m/b.png") + "\"\n"
                + "2,B," + origin.url("/m/missing.jpg") + "\n"
                + "3,C," + origin.url("/m/slow.jpg") + "\n";
        String id = uploadWithWebhook(csv);

        // while the slow image is held, the others are already counted
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            PrometheusText now = scrape();
            assertThat(delta(now, before, "imageingest_images_processed_total", "outcome=\"stored\""))
                    .isEqualTo(2);
            assertThat(delta(now, before, "imageingest_images_failed_total", "reason=\"HTTP_404\"")).isEqualTo(1);
            assertThat(now.sum("imageingest_worker_images_in_flight")).isEqualTo(1);
            assertThat(now.sum("imageingest_worker_slots_busy")).isEqualTo(1);
            assertThat(now.sum("imageingest_requests", "status=\"PROCESSING\"")).isEqualTo(1);
            // a request running longer than the progress interval gets a progress line
            assertThat(linesWithId(id)).anyMatch(e -> e.getFormattedMessage().startsWith("Request " + id + " progress"));
        });
        assertThat(api.status(id).get("status")).isEqualTo("PROCESSING");
        release.countDown();

        api.awaitTerminal(id);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            PrometheusText after = scrape();
            assertThat(delta(after, before, "imageingest_images_processed_total", "outcome=\"stored\""))
                    .isEqualTo(3);
            assertThat(delta(after, before, "imageingest_images_downloaded_bytes_total")).isPositive();
            assertThat(delta(after, before, "imageingest_images_stored_bytes_total")).isPositive();
            assertThat(delta(after, before, "imageingest_fetch_seconds_count", "outcome=\"success\"")).isEqualTo(3);
            assertThat(delta(after, before, "imageingest_fetch_seconds_count", "outcome=\"failure\"")).isEqualTo(1);
            assertThat(after.has("imageingest_fetch_seconds_bucket")).isTrue();
            assertThat(delta(after, before, "imageingest_compress_seconds_count")).isEqualTo(3);
            assertThat(after.has("imageingest_compress_seconds_bucket")).isTrue();
            assertThat(after.sum("imageingest_requests", "status=\"FAILED\"")).isGreaterThanOrEqualTo(1);
            assertThat(after.sum("imageingest_requests", "status=\"PROCESSING\"")).isZero();
            assertThat(after.sum("imageingest_worker_images_in_flight")).isZero();
            assertThat(delta(after, before, "imageingest_webhook_deliveries_total", "outcome=\"delivered\""))
                    .isEqualTo(1);
            assertThat(after.has("imageingest_events_streams")).isTrue();
        });

        // the request id travels with the work: worker, progress, webhook, on whatever thread logged them
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(linesWithId(id)).anyMatch(e -> e.getFormattedMessage().startsWith("Processing request"))
                    .anyMatch(e -> e.getFormattedMessage().startsWith("Request " + id + " FAILED"))
                    .anyMatch(e -> e.getFormattedMessage().startsWith("Request " + id + " progress"))
                    .anyMatch(e -> e.getLoggerName().endsWith("WebhookDispatcher"));
            // one JSON (ECS) line with the id as its own field
            assertThat(output.getOut()).containsPattern("(?m)^\\{(?=.*\"requestId\":\"" + id + "\")"
                    + "(?=.*\"message\":\"Request " + id + " FAILED).*}$");
        });
        assertThat(events).filteredOn(e -> e.getFormattedMessage().startsWith("Request " + id + " FAILED"))
                .allMatch(e -> !e.getThreadName().equals("main"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void healthShowsTheComponentsAndTheProbeGroups() {
        Map<String, Object> health = health("/actuator/health");
        assertThat(health.get("status")).isEqualTo("UP");
        Map<String, Map<String, Object>> components = (Map<String, Map<String, Object>>) health.get("components");
        assertThat(components).containsKeys("mongo", "storage", "worker");
        assertThat(components.get("storage").get("status")).isEqualTo("UP");
        assertThat((Map<String, Object>) components.get("storage").get("details")).containsKeys("path", "freeBytes");
        assertThat(components.get("worker").get("status")).isEqualTo("UP");
        assertThat((Map<String, Object>) components.get("worker").get("details"))
                .containsKeys("slots", "slotsInUse", "lastPollAt");

        Map<String, Object> readiness = health("/actuator/health/readiness");
        assertThat((Map<String, Object>) readiness.get("components"))
                .containsOnlyKeys("readinessState", "mongo", "storage");
        Map<String, Object> liveness = health("/actuator/health/liveness");
        assertThat((Map<String, Object>) liveness.get("components")).containsOnlyKeys("livenessState", "worker");
    }

    private String uploadWithWebhook(String csv) {
        Map<String, Object> body = api.client().post()
                .uri(b -> b.path("/api/v1/requests").queryParam("webhookUrl", receiver.url("/hook")).build())
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(Api.multipart(csv)))
                .exchange().expectStatus().isAccepted()
                .expectBody(JSON).returnResult().getResponseBody();
        return (String) body.get("requestId");
    }

    private List<ILoggingEvent> linesWithId(String id) {
        return events.stream().filter(e -> id.equals(e.getMDCPropertyMap().get("requestId"))).toList();
    }

    private PrometheusText scrape() {
        return new PrometheusText(api.client().get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    private static double delta(PrometheusText after, PrometheusText before, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    private Map<String, Object> health(String path) {
        return api.client().get().uri(path).exchange()
                .expectStatus().isOk()
                .expectBody(JSON).returnResult().getResponseBody();
    }

    private static Logger root() {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
