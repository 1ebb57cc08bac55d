package io.imageingest.worker;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.imageingest.request.Lease;
import io.imageingest.request.RequestAccepted;
import io.imageingest.request.RequestDocument;
import io.imageingest.request.RequestRepository;
import io.imageingest.system.DatabaseErrors;
import io.imageingest.system.DatabaseMode;
import io.imageingest.system.Polling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * Claims requests and hands them to the {@link RequestProcessor}, {@code concurrentRequests} at a time.
 * Each slot drains the queue whenever it is woken (a new upload here, or the poll interval, which also
 * finds uploads made on other instances and requests whose lease expired or was released) and sleeps
 * otherwise. While the database is unreachable, claims fail and are retried at the next tick, and a
 * request whose processing hit the outage is resumed, lease permitting, once the database answers.
 * On shutdown it stops claiming, lets images in flight finish for {@code shutdownGrace}, then saves
 * the counters and releases the leases so that another instance takes over at once.
 */
@Component
@Order(10)
class RequestWorker implements ApplicationRunner, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RequestWorker.class);

    /** Stops together with the web server's graceful shutdown (same phase), so their grace periods overlap. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

    private final RequestRepository requests;
    private final RequestProcessor processor;
    private final WorkerProperties props;
    private final DatabaseMode mode;
    private final String owner = ManagementFactory.getRuntimeMXBean().getName() + "/"
            + UUID.randomUUID().toString().substring(0, 8);
    private final Sinks.Many<Long> wakeups = Sinks.many().multicast().directBestEffort();
    private final StopSignal stop = new StopSignal();
    private final AtomicBoolean claimFailing = new AtomicBoolean();
    private volatile Disposable loop;
    private volatile Disposable abortTimer;
    private volatile Runnable onStopped;
    private volatile boolean stopping;
    private volatile boolean running;
    private final WorkerActivity activity;

    RequestWorker(RequestRepository requests, RequestProcessor processor, WorkerProperties props, DatabaseMode mode,
                  WorkerActivity activity) {
        this.activity = activity;
        this.requests = requests;
        this.processor = processor;
        this.props = props;
        this.mode = mode;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (mode.exclusive()) {
            Long expired = requests.expireAllLeases().block(Duration.ofSeconds(60));
            if (expired != null && expired > 0) {
                log.info("Resuming {} request(s) left PROCESSING by a previous run", expired);
            }
        }
        int slots = Math.max(1, props.concurrentRequests());
        activity.workerStarted(slots);
        loop = Flux.range(0, slots)
                .flatMap(slot -> Flux.merge(Flux.interval(Duration.ZERO, props.pollInterval()), wakeups.asFlux())
                        .takeUntilOther(stop.draining())
                        .onBackpressureDrop()
                        .concatMap(tick -> drain(), 1), slots)
                .doFinally(signal -> stopped())
                .subscribe();
        log.info("Worker {} started: {} request(s) at a time, polling every {}", owner, slots, props.pollInterval());
    }

    @EventListener
    void onAccepted(RequestAccepted event) {
        wakeups.tryEmitNext(System.nanoTime());
    }

    String owner() {
        return owner;
    }

    /** Claims and processes requests until none is left to claim (or shutdown begins). */
    private Flux<Boolean> drain() {
        return Polling.drain(this::claim, this::work, e -> {
            if (claimFailing.compareAndSet(false, true)) {
                log.warn("Cannot claim work: {}; retrying every {}", e.toString(), props.pollInterval());
            }
        });
    }

    private Mono<RequestDocument> claim() {
        activity.polled();
        if (stopping) {
            return Mono.empty();
        }
        return requests.claimNext(owner, props.lease())
                .doOnSuccess(claimed -> {
                    if (claimFailing.compareAndSet(true, false)) {
                        log.info("Claiming work again");
                    }
                });
    }

    private Mono<Void> work(RequestDocument request) {
        return activity.process(request, () -> attempt(request, Lease.of(request)));
    }

    private Mono<Void> attempt(RequestDocument request, Lease lease) {
        return processor.process(request, lease, stop)
                .onErrorResume(DatabaseErrors::isUnavailable, e -> resumeAfterOutage(request, lease, e))
                .onErrorResume(e -> {
                    log.warn("Processing of request {} stopped: {}; it resumes when its lease expires",
                            request.id(), e.toString());
                    return Mono.empty();
                });
    }

    /**
     * The database failed under the processing: what was in flight is dropped (outputs already stored
     * are kept and not fetched again). Once the database answers, the lease is renewed, which succeeds
     * only if no other instance claimed the request meanwhile, and the request is processed again.
     */
    private Mono<Void> resumeAfterOutage(RequestDocument request, Lease lease, Throwable e) {
        log.warn("Database unavailable while processing request {} ({}); resuming it when the database is back",
                request.id(), e.toString());
        return requests.renew(lease, props.lease())
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(500))
                        .maxBackoff(props.outageBackoff())
                        .filter(DatabaseErrors::isUnavailable))
                .takeUntilOther(stop.draining())
                .flatMap(held -> {
                    if (held) {
                        log.info("Database back: resuming request {}", request.id());
                        return attempt(request, lease);
                    }
                    log.info("Request {} was claimed again during the outage (its lease had expired); leaving it to that claim",
                            request.id());
                    return Mono.<Void>empty();
                });
    }

    /** Started by {@link #run}, after the indexes and the clean-up of interrupted uploads. */
    @Override
    public void start() {
        running = true;
    }

    /**
     * Graceful stop: no new claims, no new images; images in flight get {@code shutdownGrace} to finish,
     * then whatever still runs is cancelled; each request's counters are saved and its lease released.
     */
    @Override
    public void stop(Runnable callback) {
        stopping = true;
        if (loop == null) {
            running = false;
            callback.run();
            return;
        }
        onStopped = callback;
        log.info("Worker {} stopping: no new claims; images in flight have {} to finish", owner, props.shutdownGrace());
        abortTimer = Mono.delay(props.shutdownGrace()).subscribe(tick -> {
            log.warn("Shutdown grace of {} is over: cancelling the images still in flight", props.shutdownGrace());
            stop.abort();
        });
        stop.drain();
    }

    @Override
    public void stop() {
        stop(() -> { });
    }

    private void stopped() {
        Disposable timer = abortTimer;
        if (timer != null) {
            timer.dispose();
        }
        running = false;
        activity.workerStopped();
        Runnable callback = onStopped;
        onStopped = null;
        if (stopping) {
            log.info("Worker {} stopped; unfinished requests were released for other instances", owner);
        }
        if (callback != null) {
            callback.run();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** See {@link #PHASE}. */
    @Override
    public int getPhase() {
        return PHASE;
    }
}
