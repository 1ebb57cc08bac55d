package io.imageingest.worker;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The two steps of a graceful shutdown as seen by request processing: {@link #draining()} (start no new
 * image, let those in flight finish) and, once the grace period is over, {@link #aborted()} (cancel what
 * is still running). Both replay to late subscribers.
 */
final class StopSignal {

    private final Sinks.One<Boolean> draining = Sinks.one();
    private final Sinks.Empty<Void> aborted = Sinks.empty();
    private volatile boolean isDraining;

    /** Emits {@code true} once draining has begun. */
    Mono<Boolean> draining() {
        return draining.asMono();
    }

    /** Whether draining has begun (set before {@link #draining()} emits). */
    boolean isDraining() {
        return isDraining;
    }

    /** Completes once the grace period is over. */
    Mono<Void> aborted() {
        return aborted.asMono();
    }

    void drain() {
        isDraining = true;
        draining.tryEmitValue(Boolean.TRUE);
    }

    void abort() {
        aborted.tryEmitEmpty();
    }
}
