package io.imageingest.worker;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;

/**
 * Meters of the image pipeline: outcomes by failure reason, bytes in and out, download and compression
 * latency (histograms, so percentiles can be computed across instances) and images in flight.
 */
class PipelineMetrics {

    private final MeterRegistry registry;
    private final Counter stored;
    private final Counter reused;
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final DistributionSummary outputSize;
    private final AtomicInteger inFlight = new AtomicInteger();

    PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.stored = Counter.builder("imageingest.images.processed").tag("outcome", "stored")
                .description("Images fetched, compressed and stored").register(registry);
        this.reused = Counter.builder("imageingest.images.processed").tag("outcome", "reused")
                .description("Images whose output already existed (resumed request)").register(registry);
        this.bytesIn = Counter.builder("imageingest.images.downloaded").baseUnit("bytes")
                .description("Bytes of downloaded images").register(registry);
        this.bytesOut = Counter.builder("imageingest.images.stored").baseUnit("bytes")
                .description("Bytes of stored outputs").register(registry);
        this.outputSize = DistributionSummary.builder("imageingest.images.output.size").baseUnit("bytes")
                .description("Size of one output JPEG").register(registry);
        Gauge.builder("imageingest.worker.images.in.flight", inFlight, AtomicInteger::get)
                .description("Images being downloaded, compressed or stored by this instance").register(registry);
    }

    /** Counts one image's outcome. */
    void record(ImageOutcome outcome) {
        if (!outcome.succeeded()) {
            Counter.builder("imageingest.images.failed").tag("reason", outcome.reason())
                    .description("Images that could not be produced, by failure reason").register(registry)
                    .increment();
            return;
        }
        if (outcome.bytesIn() == 0 && outcome.bytesOut() == 0) {
            reused.increment();
            return;
        }
        stored.increment();
        bytesIn.increment(outcome.bytesIn());
        bytesOut.increment(outcome.bytesOut());
        outputSize.record(outcome.bytesOut());
    }

    /** Times one download, retries included. */
    <T> Mono<T> timeFetch(Supplier<Mono<T>> fetch) {
        return timed("imageingest.fetch", "Image downloads, retries included", fetch);
    }

    /** Times one decode and encode. */
    <T> Mono<T> timeCompress(Supplier<Mono<T>> compress) {
        return timed("imageingest.compress", "Image decode and JPEG encode, queueing for a thread included",
                compress);
    }

    /** A counter of one pipeline run's images in flight, feeding the instance-wide gauge. */
    InFlight inFlight() {
        return new InFlight();
    }

    /**
     * Images of one run between entering the fetch stage and leaving the store stage; whatever is still
     * counted when the run ends (cancelled by a lost lease or a shutdown) is taken off the gauge then.
     */
    final class InFlight {

        private final AtomicInteger mine = new AtomicInteger();

        void started() {
            mine.incrementAndGet();
            inFlight.incrementAndGet();
        }

        void finished() {
            mine.decrementAndGet();
            inFlight.decrementAndGet();
        }

        void close() {
            inFlight.addAndGet(-mine.getAndSet(0));
        }
    }

    private <T> Mono<T> timed(String name, String description, Supplier<Mono<T>> work) {
        return Mono.defer(() -> {
            Timer.Sample sample = Timer.start(registry);
            return work.get().doOnEach(signal -> {
                if (signal.isOnNext() || signal.isOnError()) {
                    sample.stop(Timer.builder(name).description(description)
                            .tag("outcome", signal.isOnNext() ? "success" : "failure")
                            .publishPercentileHistogram().register(registry));
                }
            });
        });
    }
}
