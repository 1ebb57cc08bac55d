package io.imageingest.upload;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.imageingest.product.ProductRepository;
import io.imageingest.request.RequestRepository;
import io.imageingest.system.DatabaseErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * Removes uploads that stopped half-way while this instance runs: the client went away, the server's
 * shutdown grace ran out, or the database failed while the upload was being discarded. One loop works
 * the queue; a removal that fails because the database is unavailable is retried with backoff until it
 * is back. On shutdown it stops after the web server (so it sees every cancelled upload) and before the
 * database closes, and waits for the queue to empty.
 */
@Component
class AbandonedUploads implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AbandonedUploads.class);

    private final ReactiveMongoTemplate mongo;
    private final RequestRepository requests;
    private final ProductRepository products;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Sinks.Many<String> queue = Sinks.many().unicast().onBackpressureBuffer();
    private volatile Disposable loop;
    private volatile Runnable onDrained;

    AbandonedUploads(ReactiveMongoTemplate mongo, RequestRepository requests, ProductRepository products) {
        this.mongo = mongo;
        this.requests = requests;
        this.products = products;
    }

    /** Schedules the removal of an upload that will not be committed by the code that staged it. */
    void add(String requestId) {
        if (pending.add(requestId)) {
            // serialized: cancellations arrive on several event-loop threads at once
            queue.emitNext(requestId, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
        }
    }

    /** Upload ids still waiting for removal. */
    Set<String> pending() {
        return Set.copyOf(pending);
    }

    /**
     * Deletes what an upload stored unless its request document exists: a request that was written
     * (acknowledged or about to be) keeps its products, and only the marker goes.
     */
    Mono<Void> removeIfUncommitted(String requestId) {
        return requests.findById(requestId).hasElement()
                .flatMap(committed -> committed ? Mono.<Void>empty() : products.deleteByRequestId(requestId)
                        .doOnSuccess(v -> log.info("Removed abandoned upload {}", requestId)))
                .then(mongo.remove(new UploadMarker(requestId, null)))
                .then();
    }

    @Override
    public void start() {
        loop = queue.asFlux()
                .concatMap(id -> removeIfUncommitted(id)
                        .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(500))
                                .maxBackoff(Duration.ofSeconds(10))
                                .filter(DatabaseErrors::isUnavailable))
                        .onErrorResume(e -> {
                            log.warn("Cannot remove abandoned upload {}: {}; start-up clean-up removes it",
                                    id, e.toString());
                            return Mono.empty();
                        })
                        .doFinally(signal -> done(id)), 1)
                .subscribe();
    }

    private void done(String id) {
        pending.remove(id);
        Runnable callback = onDrained;
        if (callback != null && pending.isEmpty()) {
            onDrained = null;
            callback.run();
        }
    }

    /** Waits (up to the shutdown phase timeout) for queued removals while the database is still open. */
    @Override
    public void stop(Runnable callback) {
        if (pending.isEmpty()) {
            stopLoop();
            callback.run();
            return;
        }
        log.info("Removing {} abandoned upload(s) before shutting down", pending.size());
        onDrained = () -> {
            stopLoop();
            callback.run();
        };
        if (pending.isEmpty() && onDrained != null) {
            done("");
        }
    }

    @Override
    public void stop() {
        stopLoop();
    }

    private void stopLoop() {
        Disposable current = loop;
        if (current != null) {
            current.dispose();
        }
        loop = null;
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }

    /** After the web server has stopped (every cancelled upload is queued), before the database closes. */
    @Override
    public int getPhase() {
        return 0;
    }
}
