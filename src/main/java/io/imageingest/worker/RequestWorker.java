package io.imageingest.worker;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;

import io.imageingest.request.RequestAccepted;
import io.imageingest.request.RequestRepository;
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

/**
 * Claims requests and hands them to the {@link RequestProcessor}, {@code concurrentRequests} at a time.
 * Each slot drains the queue whenever it is woken (a new upload here, or the poll interval, which also
 * finds uploads made on other instances and requests whose lease expired) and sleeps otherwise.
 * The loop is this service's one long-lived subscription; it is disposed on shutdown.
 */
@Component
@Order(10)
class RequestWorker implements ApplicationRunner, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RequestWorker.class);

    private final RequestRepository requests;
    private final RequestProcessor processor;
    private final WorkerProperties props;
    private final DatabaseMode mode;
    private final WorkerActivity activity;
    private final String owner = ManagementFactory.getRuntimeMXBean().getName() + "/"
            + UUID.randomUUID().toString().substring(0, 8);
    private final Sinks.Many<Long> wakeups = Sinks.many().multicast().directBestEffort();
    private volatile Disposable loop;
    private volatile boolean running;

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
                        .onBackpressureDrop()
                        .concatMap(tick -> drain(), 1), slots)
                .subscribe();
        log.info("Worker {} started: {} request(s) at a time, polling every {}", owner, slots, props.pollInterval());
    }

    @EventListener
    void onAccepted(RequestAccepted event) {
        wakeups.tryEmitNext(System.nanoTime());
    }

    /** Claims and processes requests until none is left to claim. */
    private Flux<Boolean> drain() {
        return Polling.drain(() -> {
                    activity.polled();
                    return requests.claimNext(owner, props.lease());
                },
                request -> activity.process(request, () -> processor.process(request, owner)).onErrorResume(e -> {
                    log.warn("Processing of request {} stopped: {}; it resumes when its lease expires",
                            request.id(), e.toString());
                    return Mono.empty();
                }),
                e -> log.warn("Cannot claim work: {}", e.toString()));
    }

    /** Started by {@link #run}, after the indexes and the clean-up of interrupted uploads. */
    @Override
    public void start() {
        running = true;
    }

    /** Stops claiming and cancels in-flight work before the database connection closes. */
    @Override
    public void stop() {
        Disposable current = loop;
        if (current != null) {
            current.dispose();
            activity.workerStopped();
            log.info("Worker {} stopped; unfinished requests resume when their lease expires", owner);
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
