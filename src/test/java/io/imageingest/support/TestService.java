package io.imageingest.support;

import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;

/** Settings every integration test of the whole service shares: in-memory database and fast polling. */
public final class TestService {

    private TestService() {
    }

    /**
     * @param allowList what the outbound guard lets through, usually the test origin's {@code 127.0.0.1:port}
     */
    public static void register(DynamicPropertyRegistry registry, Path dataDir, String allowList) {
        registry.add("app.data-dir", dataDir::toString);
        registry.add("app.embedded-mongo.backend", () -> "memory");
        registry.add("app.outbound.allow-list", () -> allowList);
        registry.add("app.worker.poll-interval", () -> "200ms");
        registry.add("app.worker.heartbeat", () -> "200ms");
        registry.add("app.worker.shutdown-grace", () -> "2s");
    }
}
