package io.imageingest.worker;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import io.imageingest.fetch.FetchProperties;
import io.imageingest.fetch.ImageFetcher;
import io.imageingest.image.ImageCompressor;
import io.imageingest.product.ProductRepository;
import io.imageingest.request.RequestRepository;
import io.imageingest.storage.ImageStore;
import io.imageingest.system.PublicUrls;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** Wires the processing pipeline: one shared, CPU-bounded compression pool. */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WorkerConfiguration.class);

    /**
     * A fixed pool with one shared queue: an idle thread always takes the next image, unlike a
     * per-thread queue where an image can wait behind a slow one.
     */
    @Bean(destroyMethod = "dispose")
    Scheduler compressScheduler(ImageProperties props) {
        int threads = props.effectiveCompressConcurrency();
        long heap = Runtime.getRuntime().maxMemory();
        if (props.maxPixels() * ImageProperties.BYTES_PER_PIXEL > heap * 0.6) {
            log.warn("Heap {} MB is too small for even one image of app.image.max-pixels={} ({} MB to decode); "
                    + "raise -Xmx or lower the limit", heap >> 20, props.maxPixels(),
                    (props.maxPixels() * ImageProperties.BYTES_PER_PIXEL) >> 20);
        }
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "compress-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ExecutorService pool = Executors.newFixedThreadPool(threads, factory);
        log.info("Compression: {} thread(s), JPEG quality {}, max {} pixels per image, heap {} MB", threads,
                props.quality(), props.maxPixels(), heap >> 20);
        return Schedulers.fromExecutorService(pool, "compress");
    }

    @Bean
    ImageCompressor imageCompressor(ImageProperties props) {
        // ImageIO registers plugins (WebP, CMYK JPEG readers) per class loader; scan with the
        // application's, which in the packaged jar differs from the system one.
        javax.imageio.ImageIO.scanForPlugins();
        return new ImageCompressor(props.quality(), props.maxPixels(), props.codec());
    }

    @Bean
    ImagePipeline imagePipeline(ImageFetcher fetcher, ImageCompressor compressor, Scheduler compressScheduler,
                                ImageProperties props, ImageStore store, PublicUrls urls, MeterRegistry meters) {
        return new ImagePipeline(fetcher, compressor, compressScheduler, props.effectiveCompressConcurrency(), store,
                urls, new PipelineMetrics(meters));
    }

    @Bean
    RequestProcessor requestProcessor(RequestRepository requests, ProductRepository products, ImagePipeline pipeline,
                                      WorkerProperties worker, FetchProperties fetch, Clock clock) {
        return new RequestProcessor(requests, products, pipeline, worker, fetch, clock);
    }
}
