package io.imageingest.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.imageingest.request.RequestDocument;
import io.imageingest.system.Polling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Re-reads every watched request from MongoDB once per poll interval, in {@code _id $in} batches, and
 * hands the current document to everyone watching it. Events are thus driven by the persisted state
 * (they work whichever instance processes the request), and one loop serves every open stream: no
 * thread, timer or query per subscriber.
 */
@Component
class RequestWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RequestWatcher.class);

    private final ReactiveMongoTemplate mongo;
    private final EventsProperties props;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private volatile Disposable loop;

    RequestWatcher(ReactiveMongoTemplate mongo, EventsProperties props) {
        this.mongo = mongo;
        this.props = props;
    }

    /** The request's document at every poll, for as long as the returned flux is subscribed. */
    Flux<RequestDocument> watch(String id) {
        return Flux.defer(() -> {
            Watch watch = watches.compute(id, (key, existing) -> {
                Watch w = existing != null ? existing : new Watch();
                w.subscribers.incrementAndGet();
                return w;
            });
            return watch.sink.asFlux().doFinally(signal -> release(id));
        });
    }

    private void release(String id) {
        watches.computeIfPresent(id, (key, w) -> w.subscribers.decrementAndGet() <= 0 ? null : w);
    }

    private Mono<Void> pollOnce() {
        List<String> ids = new ArrayList<>(watches.keySet());
        if (ids.isEmpty()) {
            return Mono.empty();
        }
        List<List<String>> batches = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += props.batchSize()) {
            batches.add(ids.subList(i, Math.min(ids.size(), i + props.batchSize())));
        }
        return Flux.fromIterable(batches)
                .concatMap(batch -> mongo.find(Query.query(Criteria.where("_id").in(batch)), RequestDocument.class))
                .doOnNext(doc -> {
                    Watch watch = watches.get(doc.id());
                    if (watch != null) {
                        watch.sink.tryEmitNext(doc);
                    }
                })
                .then()
                .onErrorResume(e -> {
                    log.warn("Cannot poll watched requests: {}", e.toString());
                    return Mono.empty();
                });
    }

    @Override
    public void start() {
        loop = Polling.every(props.pollInterval(), this::pollOnce).subscribe();
    }

    @Override
    public void stop() {
        Disposable current = loop;
        if (current != null) {
            current.dispose();
        }
        watches.values().forEach(w -> w.sink.tryEmitComplete());
        loop = null;
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }

    /** Subscribers of one request; best effort, since every poll carries the full current state. */
    private static final class Watch {
        final Sinks.Many<RequestDocument> sink = Sinks.many().multicast().directBestEffort();
        final AtomicInteger subscribers = new AtomicInteger();
    }
}
