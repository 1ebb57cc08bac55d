package io.imageingest.worker;

import java.util.function.BooleanSupplier;

import io.imageingest.fetch.FetchException;
import io.imageingest.fetch.ImageFetcher;
import io.imageingest.image.CompressedImage;
import io.imageingest.image.ImageCompressor;
import io.imageingest.image.ImageRejectedException;
import io.imageingest.storage.ImageStore;
import io.imageingest.system.DatabaseErrors;
import io.imageingest.system.PublicUrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Images from URL to stored output in three bounded stages, so that neither the network nor the CPU
 * waits on the other: up to {@code fetchConcurrency} images are downloading or downloaded and waiting,
 * while {@code encodeConcurrency} of them are being decoded and encoded on the compression scheduler;
 * a finished download is handed to the encoder as soon as a thread is free, and the next download starts
 * meanwhile. An image whose output already exists (a resumed request) skips both. A URL repeated inside
 * the request is processed once and its repeats share the output ({@link UrlWindow}). Every failure
 * becomes an {@link ImageOutcome} with a reason, recorded on the product by the caller.
 */
class ImagePipeline {

    private static final Logger log = LoggerFactory.getLogger(ImagePipeline.class);

    private final ImageFetcher fetcher;
    private final ImageCompressor compressor;
    private final Scheduler compressScheduler;
    private final int encodeConcurrency;
    private final ImageStore store;
    private final PublicUrls urls;
    private final PipelineMetrics metrics;

    ImagePipeline(ImageFetcher fetcher, ImageCompressor compressor, Scheduler compressScheduler,
                  int encodeConcurrency, ImageStore store, PublicUrls urls, PipelineMetrics metrics) {
        this.fetcher = fetcher;
        this.compressor = compressor;
        this.compressScheduler = compressScheduler;
        this.encodeConcurrency = Math.max(1, encodeConcurrency);
        this.store = store;
        this.urls = urls;
        this.metrics = metrics;
    }

    /**
     * The outcome of every task, in completion order. Once {@code stopping} is true no new image enters the
     * fetch stage (those in the stages finish); the tasks not started then, and their repeats, get no outcome.
     */
    Flux<Done> run(Flux<ImageTask> tasks, UrlWindow window, int fetchConcurrency, int maxWaitingRepeats,
                   BooleanSupplier stopping) {
        return Flux.defer(() -> {
            PipelineMetrics.InFlight inFlight = metrics.inFlight();
            return tasks.map(task -> new Claimed(task, window.claim(task.url())))
                    .publish(claimed -> Flux.merge(
                            stages(claimed.filter(c -> c.claim().first()).filter(c -> admit(c, stopping)),
                                    Math.max(1, fetchConcurrency), inFlight)
                                    .doOnNext(step -> {
                                        inFlight.finished();
                                        step.claimed().claim().complete(step.outcome());
                                    })
                                    .map(step -> new Done(step.claimed().task(), step.outcome())),
                            // a repeat waits for its first occurrence outside the stages, so it never holds a slot
                            claimed.filter(c -> !c.claim().first())
                                    .flatMap(c -> c.claim().earlier().map(o -> new Done(c.task(), o.reused())),
                                            Math.max(1, maxWaitingRepeats))))
                    .doOnNext(done -> metrics.record(done.outcome()))
                    .doFinally(signal -> inFlight.close());
        });
    }

    /** Checked as a fetch slot frees up, so tasks buffered ahead of the stages are not started after a stop. */
    private static boolean admit(Claimed claimed, BooleanSupplier stopping) {
        if (stopping.getAsBoolean()) {
            claimed.claim().abandon();
            return false;
        }
        return true;
    }

    private Flux<Step> stages(Flux<Claimed> firsts, int fetchConcurrency, PipelineMetrics.InFlight inFlight) {
        return firsts
                .doOnNext(claimed -> inFlight.started())
                .flatMap(this::fetch, fetchConcurrency)
                .flatMap(step -> step.outcome() != null ? Mono.just(step) : encode(step), encodeConcurrency)
                .flatMap(step -> step.outcome() != null ? Mono.just(step) : store(step), fetchConcurrency);
    }

    private Mono<Step> fetch(Claimed claimed) {
        String key = claimed.task().key();
        return store.exists(key)
                .flatMap(exists -> exists
                        ? Mono.just(Step.finished(claimed, ImageOutcome.stored(urls.image(key), 0, 0)))
                        : metrics.timeFetch(() -> fetcher.fetch(claimed.task().url()))
                                .map(bytes -> Step.downloaded(claimed, bytes)))
                .onErrorResume(e -> failed(claimed, e));
    }

    private Mono<Step> encode(Step step) {
        return metrics.timeCompress(() -> Mono.fromCallable(() -> compressor.compress(step.input()))
                        .subscribeOn(compressScheduler))
                .map(step::encoded)
                .onErrorResume(e -> failed(step.claimed(), e));
    }

    private Mono<Step> store(Step step) {
        String key = step.claimed().task().key();
        byte[] output = step.output().bytes();
        return store.put(key, output)
                .thenReturn(step.finish(ImageOutcome.stored(urls.image(key), step.inputBytes(), output.length)))
                .onErrorResume(e -> failed(step.claimed(), e));
    }

    private Mono<Step> failed(Claimed claimed, Throwable e) {
        // an unavailable database (a database-backed store) is not the image's fault: it propagates, and
        // the request is resumed once the database is back
        if (e instanceof Error || DatabaseErrors.isUnavailable(e)) {
            return Mono.error(e);
        }
        ImageOutcome outcome;
        if (e instanceof FetchException fetch) {
            outcome = ImageOutcome.failed(fetch.reason(), fetch.getMessage());
        } else if (e instanceof ImageRejectedException rejected) {
            outcome = ImageOutcome.failed(rejected.reason(), rejected.getMessage());
        } else {
            log.warn("Image {} failed unexpectedly", claimed.task().url(), e);
            outcome = ImageOutcome.failed("INTERNAL_ERROR", String.valueOf(e.getMessage()));
        }
        return Mono.just(Step.finished(claimed, outcome));
    }

    /** The outcome of one image task. */
    record Done(ImageTask task, ImageOutcome outcome) {
    }

    private record Claimed(ImageTask task, UrlWindow.Claim claim) {
    }

    /**
     * An image between stages: downloaded bytes, then the encoded output (the input is dropped once
     * encoded), or already an outcome.
     */
    private record Step(Claimed claimed, byte[] input, long inputBytes, CompressedImage output,
                        ImageOutcome outcome) {

        static Step downloaded(Claimed claimed, byte[] input) {
            return new Step(claimed, input, input.length, null, null);
        }

        static Step finished(Claimed claimed, ImageOutcome outcome) {
            return new Step(claimed, null, 0, null, outcome);
        }

        Step encoded(CompressedImage output) {
            return new Step(claimed, null, inputBytes, output, null);
        }

        Step finish(ImageOutcome outcome) {
            return new Step(claimed, null, 0, null, outcome);
        }
    }
}
