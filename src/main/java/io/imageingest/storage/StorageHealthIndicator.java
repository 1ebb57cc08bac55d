package io.imageingest.storage;

import java.time.Duration;

import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Health of the output store ({@code storage} component): {@code UP} when a probe file can be written
 * and read back within five seconds, {@code DOWN} otherwise (full disk, read-only mount, lost share).
 */
@Component
class StorageHealthIndicator extends AbstractReactiveHealthIndicator {

    private final ImageStore store;

    StorageHealthIndicator(ImageStore store) {
        super("Output store health check failed");
        this.store = store;
    }

    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        return store.probe()
                .timeout(Duration.ofSeconds(5))
                .map(details -> builder.up().withDetails(details).build());
    }
}
