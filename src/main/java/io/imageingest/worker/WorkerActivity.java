package io.imageingest.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.imageingest.request.RequestDocument;
import io.imageingest.request.RequestRepository;
import io.imageingest.system.LogContext;
import io.imageingest.system.OperationsProperties;
import io.imageingest.system.Polling;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What this instance's worker is doing, for operators: slots and the requests in them, when it last
 * looked for work (worker health), the images still to do (gauge) and a progress line per request every
 * {@code app.operations.progress-log-interval}. Progress is read back from the counters the processor
 * heartbeats into MongoDB, one {@code _id} look-up per request in a slot, so the processing code is not
 * involved.
 */
@Component
class WorkerActivity implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WorkerActivity.class);

    private final RequestRepository requests;
    private final OperationsProperties ops;
    private final Clock clock;
    private final Map<String, Instant> active = new ConcurrentHashMap<>();
    private final AtomicLong remaining = new AtomicLong();
    private volatile int slots;
    private volatile Instant startedAt;
    private volatile Instant stoppedAt;
    private volatile Instant lastPoll;
    private volatile Disposable loop;

    WorkerActivity(RequestRepository requests, OperationsProperties ops, Clock clock, MeterRegistry meters) {
        this.requests = requests;
        this.ops = ops;
        this.clock = clock;
        Gauge.builder("imageingest.worker.slots", () -> slots)
                .description("Requests this instance processes at once").register(meters);
        Gauge.builder("imageingest.worker.slots.busy", active, Map::size)
                .description("Requests being processed by this instance").register(meters);
        Gauge.builder("imageingest.worker.images.remaining", remaining, AtomicLong::get)
                .description("Images not yet tried in the requests being processed here (refreshed every "
                        + "app.operations.progress-log-interval)").register(meters);
    }

    void workerStarted(int slotCount) {
        slots = slotCount;
        startedAt = clock.instant();
        stoppedAt = null;
    }

    void workerStopped() {
        stoppedAt = clock.instant();
    }

    /** A slot looks for work (whether or not the database answers). */
    void polled() {
        lastPoll = clock.instant();
    }

    /** Runs {@code work} as the processing of {@code request} in a slot, its log lines carrying the id. */
    Mono<Void> process(RequestDocument request, java.util.function.Supplier<Mono<Void>> work) {
        String id = request.id();
        return LogContext.withRequestId(id, () -> {
            active.put(id, clock.instant());
            return work.get().doFinally(signal -> active.remove(id));
        });
    }

    Snapshot snapshot() {
        return new Snapshot(slots, active.size(), startedAt, stoppedAt, lastPoll, remaining.get());
    }

    /** Logs one progress line per request in a slot for at least one interval, and refreshes the gauge. */
    private Mono<Void> report() {
        Instant due = clock.instant().minus(ops.progressLogInterval());
        AtomicLong sum = new AtomicLong();
        return Flux.fromIterable(new ArrayList<>(active.keySet()))
                .concatMap(requests::findById)
                .doOnNext(r -> {
                    long tried = r.imagesDone() + r.imagesFailed();
                    sum.addAndGet(Math.max(0, r.imageCount() - tried));
                    Instant since = active.get(r.id());
                    if (since != null && !since.isAfter(due)) {
                        try (MDC.MDCCloseable ignored = MDC.putCloseable(LogContext.REQUEST_ID, r.id())) {
                            log.info("Request {} progress: {} of {} images tried ({}%), {} done, {} failed; "
                                            + "{} of {} products", r.id(), tried, r.imageCount(),
                                    r.imageCount() == 0 ? 100 : tried * 100 / r.imageCount(), r.imagesDone(),
                                    r.imagesFailed(), r.productsDone() + r.productsFailed(), r.productCount());
                        }
                    }
                })
                .then(Mono.fromRunnable(() -> remaining.set(sum.get())))
                .onErrorResume(e -> {
                    log.warn("Cannot read progress of the requests being processed: {}", e.toString());
                    return Mono.empty();
                })
                .then();
    }

    @Override
    public void start() {
        loop = Polling.every(ops.progressLogInterval(), this::report).subscribe();
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

    /**
     * Stops after the worker. The worker depends on this bean, and Spring stops the dependents of a lifecycle
     * bean first, in that bean's phase: in a phase stopped before the worker's (such as the default one) the
     * worker would be stopped there, no phase would wait for its grace period, and the later phases (the
     * shared Netty loops of {@code ReactorResourceFactory}, which carry the image downloads) would shut down
     * under the images still in flight.
     */
    @Override
    public int getPhase() {
        return RequestWorker.PHASE - 1;
    }

    /** The worker's state at one moment. */
    record Snapshot(int slots, int busy, Instant startedAt, Instant stoppedAt, Instant lastPoll, long remaining) {

        boolean stale(Instant now, Duration staleAfter) {
            Instant reference = lastPoll != null ? lastPoll : startedAt;
            return busy < slots && reference != null && reference.isBefore(now.minus(staleAfter));
        }
    }
}
