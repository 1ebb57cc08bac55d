package io.imageingest.worker;

import java.time.Clock;
import java.util.List;
import java.util.stream.IntStream;

import io.imageingest.fetch.FetchProperties;
import io.imageingest.product.ProductDocument;
import io.imageingest.product.ProductRepository;
import io.imageingest.product.ProductResult;
import io.imageingest.request.Lease;
import io.imageingest.request.Progress;
import io.imageingest.request.RequestDocument;
import io.imageingest.request.RequestRepository;
import io.imageingest.request.RequestStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Processes one claimed request: walks its products page by page in serial order, runs every image
 * of the products not yet processed through the {@link ImagePipeline}'s bounded stages, saves products
 * in bulk batches once all their images are done, and heartbeats counters and lease while it works. A
 * product already processed is only counted (and its outputs offered to repeats of its URLs), so a
 * resumed request redoes nothing. Every write is fenced by the
 * {@link Lease}: once another claim takes the request over, the heartbeat or the next product write
 * notices and the work in flight is cancelled.
 */
class RequestProcessor {

    private static final Logger log = LoggerFactory.getLogger(RequestProcessor.class);

    private final RequestRepository requests;
    private final ProductRepository products;
    private final ImagePipeline pipeline;
    private final WorkerProperties worker;
    private final FetchProperties fetch;
    private final Clock clock;

    RequestProcessor(RequestRepository requests, ProductRepository products, ImagePipeline pipeline,
                     WorkerProperties worker, FetchProperties fetch, Clock clock) {
        this.requests = requests;
        this.products = products;
        this.pipeline = pipeline;
        this.worker = worker;
        this.fetch = fetch;
        this.clock = clock;
    }

    /**
     * Works a claimed request until it is finished, the lease is lost (stop at once, write nothing more),
     * or the worker stops (finish the images in flight, then save the counters and release the lease).
     * Database errors propagate: the caller resumes the request once the database is back.
     */
    Mono<Void> process(RequestDocument request, Lease lease, StopSignal stop) {
        String id = request.id();
        Tally tally = new Tally(worker.maxReportedFailures());
        log.info("Processing request {} ({} products, {} images, lease epoch {})", id, request.productCount(),
                request.imageCount(), lease.epoch());

        UrlWindow window = new UrlWindow(worker.dedupeWindow());
        Flux<ImageTask> tasks = Flux.range(0, request.pageCount())
                .concatMap(page -> products.findPageProducts(id, page), 1)
                .concatMapIterable(product -> tasksOf(product, tally, window))
                // shutdown: read no more products; the pipeline starts no new image (the ones it holds
                // buffered included), and the ones in flight finish and are recorded
                .takeUntilOther(stop.draining());

        Mono<Outcome> work = pipeline.run(tasks, window, fetch.concurrency(), worker.repeatBacklog(), stop::isDraining)
                .filter(done -> done.task().job().record(done.task().index(), done.outcome()))
                .map(done -> done.task().job())
                .bufferTimeout(Math.max(1, worker.saveBatch()), worker.saveInterval(), true)
                .concatMap(jobs -> save(jobs, tally, lease))
                // the stop flag, not the end of the tasks: all of them may have been read (and buffered)
                // before the stop, and some then skipped
                .then(Mono.fromSupplier(() -> stop.isDraining() ? Outcome.STOPPED : Outcome.DONE));

        Mono<Outcome> leaseLost = Flux.interval(worker.heartbeat())
                .onBackpressureDrop()
                .concatMap(tick -> requests.saveProgress(lease, tally.snapshot(), worker.lease()))
                .filter(held -> !held)
                .next()
                .map(held -> Outcome.LOST);

        Mono<Outcome> aborted = stop.aborted().thenReturn(Outcome.STOPPED);

        return Mono.firstWithSignal(work, leaseLost, aborted)
                .onErrorResume(LeaseLostException.class, e -> Mono.just(Outcome.LOST))
                .flatMap(outcome -> switch (outcome) {
                    case DONE -> finish(request, lease, tally);
                    case STOPPED -> release(lease, tally);
                    case LOST -> lost(id);
                });
    }

    private List<ImageTask> tasksOf(ProductDocument product, Tally tally, UrlWindow window) {
        if (product.processedAt() != null) {
            tally.addProcessed(product);
            List<String> outputs = product.outputImageUrls();
            for (int i = 0; i < outputs.size() && i < product.inputImageUrls().size(); i++) {
                if (!outputs.get(i).isEmpty()) {
                    window.remember(product.inputImageUrls().get(i), ImageOutcome.stored(outputs.get(i), 0, 0));
                }
            }
            return List.of();
        }
        ProductJob job = new ProductJob(product);
        List<String> urls = product.inputImageUrls();
        return IntStream.range(0, urls.size()).mapToObj(i -> new ImageTask(job, i, urls.get(i))).toList();
    }

    /**
     * Records a batch of finished products, each once. When some turn out to be recorded already, someone
     * else worked on this request meanwhile: if that was a successor, the lease is gone and work stops; if
     * it was a predecessor writing late, the stored results count instead of ours.
     */
    private Mono<Void> save(List<ProductJob> jobs, Tally tally, Lease lease) {
        List<ProductResult> results = jobs.stream().map(ProductJob::result).toList();
        return products.saveResults(results, clock.instant())
                .flatMap(recorded -> recorded == results.size()
                        ? Mono.<Void>fromRunnable(() -> {
                            for (int i = 0; i < jobs.size(); i++) {
                                ProductResult result = results.get(i);
                                tally.add(jobs.get(i).product(), result.outputImageUrls(), result.imageErrors(),
                                        result.bytesIn(), result.bytesOut());
                            }
                        })
                        : requests.renew(lease, worker.lease()).flatMap(held -> held
                                ? products.findBySerials(lease.requestId(),
                                                jobs.stream().map(job -> job.product().serialNumber()).toList())
                                        .doOnNext(tally::addProcessed).then()
                                : Mono.error(new LeaseLostException(lease.requestId()))));
    }

    private Mono<Void> finish(RequestDocument request, Lease lease, Tally tally) {
        Progress progress = tally.snapshot();
        long tried = progress.imagesDone() + progress.imagesFailed();
        RequestStatus status;
        String error = null;
        if (tried == request.imageCount()) {
            status = RequestStatus.outcome(request.imageCount(), progress.imagesDone(), progress.imagesFailed());
        } else {
            status = RequestStatus.FAILED;
            error = "only " + tried + " of " + request.imageCount() + " images were found to process";
        }
        String why = error;
        return requests.finish(lease, status, progress, error, request.webhookUrl() != null)
                .doOnNext(held -> {
                    if (held) {
                        log.info("Request {} {}: {} images done, {} failed{}", request.id(), status,
                                progress.imagesDone(), progress.imagesFailed(), why == null ? "" : " (" + why + ")");
                    } else {
                        log.warn("Request {} finished here but its lease had been taken over", request.id());
                    }
                })
                .then();
    }

    /** Graceful stop: the counters of what was recorded, and the lease handed back for another instance. */
    private Mono<Void> release(Lease lease, Tally tally) {
        Progress progress = tally.snapshot();
        return requests.release(lease, progress)
                .doOnNext(held -> log.info(held
                                ? "Released request {} ({} images done, {} failed so far) for another instance"
                                : "Stopped working on request {} ({} images done, {} failed); its lease had been "
                                        + "taken over", lease.requestId(), progress.imagesDone(),
                        progress.imagesFailed()))
                .then();
    }

    private Mono<Void> lost(String id) {
        log.warn("Lost the lease of request {}; stopped working on it", id);
        return Mono.empty();
    }

    private enum Outcome { DONE, STOPPED, LOST }
}
