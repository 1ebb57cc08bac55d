package io.imageingest.worker;

import java.time.Clock;
import java.util.List;
import java.util.stream.IntStream;

import io.imageingest.fetch.FetchProperties;
import io.imageingest.product.ProductDocument;
import io.imageingest.product.ProductRepository;
import io.imageingest.product.ProductResult;
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
 * resumed request redoes nothing.
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

    Mono<Void> process(RequestDocument request, String owner) {
        String id = request.id();
        Tally tally = new Tally(worker.maxReportedFailures());
        log.info("Processing request {} ({} products, {} images)", id, request.productCount(), request.imageCount());

        UrlWindow window = new UrlWindow(worker.dedupeWindow());
        Flux<ImageTask> tasks = Flux.range(0, request.pageCount())
                .concatMap(page -> products.findPageProducts(id, page), 1)
                .concatMapIterable(product -> tasksOf(product, tally, window));

        Mono<Boolean> work = pipeline.run(tasks, window, fetch.concurrency(), worker.repeatBacklog())
                .filter(done -> done.task().job().record(done.task().index(), done.outcome()))
                .map(done -> done.task().job())
                .bufferTimeout(Math.max(1, worker.saveBatch()), worker.saveInterval(), true)
                .concatMap(jobs -> save(jobs, tally))
                .then(Mono.just(Boolean.TRUE));

        Mono<Boolean> leaseLost = Flux.interval(worker.heartbeat())
                .onBackpressureDrop()
                .concatMap(tick -> requests.saveProgress(id, owner, tally.snapshot(), worker.lease()))
                .filter(held -> !held)
                .next()
                .map(held -> Boolean.FALSE);

        return Mono.firstWithSignal(work, leaseLost)
                .flatMap(finished -> finished ? finish(request, owner, tally) : lost(id));
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

    private Mono<Void> save(List<ProductJob> jobs, Tally tally) {
        List<ProductResult> results = jobs.stream().map(ProductJob::result).toList();
        return products.saveResults(results, clock.instant())
                .doOnSuccess(v -> {
                    for (int i = 0; i < jobs.size(); i++) {
                        ProductResult result = results.get(i);
                        tally.add(jobs.get(i).product(), result.outputImageUrls(), result.imageErrors(),
                                result.bytesIn(), result.bytesOut());
                    }
                });
    }

    private Mono<Void> finish(RequestDocument request, String owner, Tally tally) {
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
        return requests.finish(request.id(), owner, status, progress, error, request.webhookUrl() != null)
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

    private Mono<Void> lost(String id) {
        log.warn("Lost the lease of request {}; stopped working on it", id);
        return Mono.empty();
    }

}
