package io.imageingest.request;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.imageingest.system.OperationsProperties;
import io.imageingest.system.Polling;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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

/**
 * The gauge {@code imageingest.requests{status}}: requests in the database per status, across all
 * instances. Counting by status is a collection scan on the embedded server (it ignores secondary
 * indexes), so the counts are refreshed in the background every {@code app.operations.status-count-interval}
 * and a scrape only reads the cached values.
 */
@Component
class RequestStatusMetrics implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RequestStatusMetrics.class);

    private final ReactiveMongoTemplate mongo;
    private final OperationsProperties ops;
    private final Map<RequestStatus, AtomicLong> counts = new EnumMap<>(RequestStatus.class);
    private volatile Disposable loop;

    RequestStatusMetrics(ReactiveMongoTemplate mongo, OperationsProperties ops, MeterRegistry meters) {
        this.mongo = mongo;
        this.ops = ops;
        for (RequestStatus status : RequestStatus.values()) {
            AtomicLong count = new AtomicLong();
            counts.put(status, count);
            Gauge.builder("imageingest.requests", count, AtomicLong::get).tag("status", status.name())
                    .description("Requests in the database by status (recounted every "
                            + "app.operations.status-count-interval)").register(meters);
        }
    }

    Mono<Void> recount() {
        return Flux.fromArray(RequestStatus.values())
                .concatMap(status -> mongo.count(Query.query(Criteria.where("status").is(status)),
                                RequestDocument.class)
                        .doOnNext(n -> counts.get(status).set(n)))
                .then()
                .onErrorResume(e -> {
                    log.warn("Cannot count requests by status: {}", e.toString());
                    return Mono.empty();
                });
    }

    @Override
    public void start() {
        loop = Mono.when(recount()).thenMany(Polling.every(ops.statusCountInterval(), this::recount)).subscribe();
    }

    @Override
    public void stop() {
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
}
