package io.imageingest.client;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.imageingest.support.ImageOrigin;
import io.imageingest.support.TestService;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import reactor.core.publisher.Flux;

/** Shared by the SDK integration tests: service settings (in-memory database, fast polling) and CSV bodies. */
final class ServiceProperties {

    private ServiceProperties() {
    }

    static void register(DynamicPropertyRegistry registry, Path dataDir, ImageOrigin origin) {
        TestService.register(registry, dataDir, "127.0.0.1:" + origin.port());
        registry.add("app.events.poll-interval", () -> "100ms");
        registry.add("app.events.heartbeat", () -> "300ms");
        registry.add("app.events.retry", () -> "100ms");
        registry.add("app.fetch.read-timeout", () -> "120s");
        registry.add("app.fetch.total-timeout", () -> "120s");
        registry.add("app.fetch.initial-backoff", () -> "20ms");
        registry.add("app.fetch.max-backoff", () -> "100ms");
    }

    /** {@code text} as an upload body for {@link ImageIngestClient#submit(org.reactivestreams.Publisher)}. */
    static Flux<DataBuffer> csvBody(String text) {
        return Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance
                .wrap(text.getBytes(StandardCharsets.UTF_8))));
    }
}
