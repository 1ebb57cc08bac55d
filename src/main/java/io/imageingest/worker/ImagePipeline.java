package io.imageingest.worker;

import io.imageingest.fetch.FetchException;
import io.imageingest.fetch.ImageFetcher;
import io.imageingest.image.ImageCompressor;
import io.imageingest.image.ImageRejectedException;
import io.imageingest.storage.ImageStore;
import io.imageingest.system.PublicUrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * One image from URL to stored output: skip if the output already exists (a resumed request), else
 * fetch, compress on the bounded compression scheduler, and store. Every failure becomes an
 * {@link ImageOutcome} with a reason, recorded on the product by the caller.
 */
class ImagePipeline {

    private static final Logger log = LoggerFactory.getLogger(ImagePipeline.class);

    private final ImageFetcher fetcher;
    private final ImageCompressor compressor;
    private final Scheduler compressScheduler;
    private final ImageStore store;
    private final PublicUrls urls;
    private final PipelineMetrics metrics;

    ImagePipeline(ImageFetcher fetcher, ImageCompressor compressor, Scheduler compressScheduler, ImageStore store,
                  PublicUrls urls, PipelineMetrics metrics) {
        this.fetcher = fetcher;
        this.compressor = compressor;
        this.compressScheduler = compressScheduler;
        this.store = store;
        this.urls = urls;
        this.metrics = metrics;
    }

    Mono<ImageOutcome> process(String key, String inputUrl) {
        String outputUrl = urls.image(key);
        return metrics.inFlight(store.exists(key)
                .flatMap(exists -> exists
                        ? Mono.just(ImageOutcome.stored(outputUrl, 0, 0))
                        : metrics.timeFetch(() -> fetcher.fetch(inputUrl))
                                .flatMap(bytes -> metrics.timeCompress(() -> Mono.fromCallable(
                                                () -> compressor.compress(bytes))
                                        .subscribeOn(compressScheduler))
                                        .flatMap(out -> store.put(key, out.bytes())
                                                .thenReturn(ImageOutcome.stored(outputUrl, bytes.length,
                                                        out.bytes().length)))))
                .onErrorResume(FetchException.class, e -> Mono.just(ImageOutcome.failed(e.reason(), e.getMessage())))
                .onErrorResume(ImageRejectedException.class,
                        e -> Mono.just(ImageOutcome.failed(e.reason(), e.getMessage())))
                .onErrorResume(e -> !(e instanceof Error), e -> {
                    log.warn("Image {} failed unexpectedly", inputUrl, e);
                    return Mono.just(ImageOutcome.failed("INTERNAL_ERROR", String.valueOf(e.getMessage())));
                })
                .doOnNext(metrics::record));
    }
}
