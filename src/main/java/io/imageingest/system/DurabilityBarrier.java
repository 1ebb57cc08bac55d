package io.imageingest.system;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Makes acknowledged writes survive a {@code kill -9}. A real MongoDB does that through its write
 * concern; the embedded H2 file commits about once a second, so an accepted upload forces a commit
 * before the service answers {@code 202}.
 */
public interface DurabilityBarrier {

    /** No-op for a real MongoDB. */
    DurabilityBarrier NONE = () -> Mono.empty();

    /** Completes once everything written so far is on disk. */
    Mono<Void> flush();

    static DurabilityBarrier commitH2(H2Backend backend) {
        return () -> Mono.fromRunnable(backend::commit).subscribeOn(Schedulers.boundedElastic()).then();
    }
}
