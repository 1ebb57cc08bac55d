package io.imageingest.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.imageingest.fetch.FetchProperties;
import io.imageingest.fetch.ImageFetcher;
import io.imageingest.image.ImageCompressor;
import io.imageingest.product.ProductDocument;
import io.imageingest.storage.ImageStore;
import io.imageingest.storage.StoredImage;
import io.imageingest.support.ImageOrigin;
import io.imageingest.support.TestImages;
import io.imageingest.system.AppProperties;
import io.imageingest.system.PublicUrls;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The staged pipeline against a real local origin, the real compressor and an in-memory store. */
class ImagePipelineTest {

    private final ImageOrigin origin = new ImageOrigin();
    private final ExecutorService encoderThread = Executors.newSingleThreadExecutor();
    private final Scheduler encoder = Schedulers.fromExecutorService(encoderThread);
    private final MemoryStore store = new MemoryStore();
    private final PublicUrls urls = new PublicUrls(new AppProperties(Path.of("."), "http://out.test"));
    private final ImageFetcher fetcher = new ImageFetcher(WebClient.create(), new FetchProperties(Duration.ofSeconds(2),
            Duration.ofSeconds(30), Duration.ofSeconds(60), DataSize.ofMegabytes(1), 2, 4, 1, Duration.ofMillis(10),
            Duration.ofMillis(50), "test"));
    private final ImagePipeline pipeline = new ImagePipeline(fetcher, new ImageCompressor(50, 10_000_000), encoder, 1,
            store, urls, new PipelineMetrics(new SimpleMeterRegistry()));

    @AfterEach
    void tearDown() {
        origin.close();
        encoder.dispose();
    }

    @Test
    void fetchesAndEncodesARepeatedUrlOnceAndSharesItsOutput() {
        serve("/a.jpg", "/b.jpg", "/c.jpg");
        List<ImageTask> tasks = tasks(List.of("/a.jpg", "/b.jpg"), List.of("/a.jpg"), List.of("/c.jpg", "/a.jpg"),
                List.of("/b.jpg"));

        List<ImagePipeline.Done> done = run(tasks, new UrlWindow(100), 4);

        assertThat(done).hasSize(6).allMatch(d -> d.outcome().succeeded());
        assertThat(List.of(origin.hits("/a.jpg"), origin.hits("/b.jpg"), origin.hits("/c.jpg"))).containsOnly(1);
        assertThat(store.puts).hasValue(3);
        String firstA = urls.image(tasks.get(0).key());
        assertThat(done).filteredOn(d -> d.task().url().endsWith("/a.jpg"))
                .extracting(d -> d.outcome().outputUrl()).containsOnly(firstA);
        assertThat(done).filteredOn(d -> d.task().url().endsWith("/a.jpg"))
                .extracting(d -> d.outcome().bytesIn()).containsExactlyInAnyOrder(0L, 0L, bytesOf(done, tasks.get(0)));
    }

    @Test
    void aUrlForgottenByTheWindowIsProcessedAgain() {
        serve("/a.jpg", "/b.jpg");
        List<ImageTask> tasks = tasks(List.of("/a.jpg"), List.of("/b.jpg"), List.of("/a.jpg"));

        List<ImagePipeline.Done> done = run(tasks, new UrlWindow(1), 1);

        assertThat(done).hasSize(3).allMatch(d -> d.outcome().succeeded());
        assertThat(origin.hits("/a.jpg")).isEqualTo(2);
    }

    @Test
    void urlsProcessedInAnEarlierRunAreNotFetched() {
        serve("/b.jpg");
        UrlWindow window = new UrlWindow(100);
        window.remember(origin.url("/a.jpg"), ImageOutcome.stored("http://out.test/images/earlier.jpg", 10, 5));

        List<ImagePipeline.Done> done = run(tasks(List.of("/a.jpg", "/b.jpg")), window, 2);

        assertThat(origin.hits("/a.jpg")).isZero();
        assertThat(done).filteredOn(d -> d.task().index() == 0)
                .extracting(d -> d.outcome().outputUrl()).containsExactly("http://out.test/images/earlier.jpg");
    }

    @Test
    void aRepeatFailsWithItsFirstOccurrence() {
        origin.status("/gone.jpg", 404);
        List<ImagePipeline.Done> done = run(tasks(List.of("/gone.jpg"), List.of("/gone.jpg")), new UrlWindow(100), 2);

        assertThat(done).hasSize(2).allMatch(d -> !d.outcome().succeeded())
                .extracting(d -> d.outcome().reason()).containsOnly("HTTP_404");
        assertThat(origin.hits("/gone.jpg")).isEqualTo(1);
    }

    @Test
    void downloadsGoOnWhileTheEncoderIsBusyUpToTheFetchBound() throws Exception {
        List<String> paths = IntStream.range(0, 8).mapToObj(i -> "/" + i + ".jpg").toList();
        serve(paths.toArray(String[]::new));
        CountDownLatch encoderFree = new CountDownLatch(1);
        encoderThread.submit(() -> encoderFree.await(30, TimeUnit.SECONDS));
        List<ImageTask> tasks = tasks(paths.stream().map(List::of).toArray(List[]::new));

        var result = pipeline.run(Flux.fromIterable(tasks), new UrlWindow(100), 3, 16, () -> false).collectList().toFuture();

        // three downloads in the fetch stage plus the one handed to the (stuck) encoder, and no more
        await().atMost(Duration.ofSeconds(30)).until(() -> totalHits(paths) == 4);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> totalHits(paths) == 4);
        encoderFree.countDown();
        assertThat(result.get(30, TimeUnit.SECONDS)).hasSize(8).allMatch(d -> d.outcome().succeeded());
        assertThat(totalHits(paths)).isEqualTo(8);
    }

    @Test
    void repeatsWaitingForAStalledDownloadDoNotHoldDownloadSlots() {
        CountDownLatch release = origin.stall("/slow.jpg", TestImages.jpeg(64, 48, 1), "image/jpeg");
        serve("/b.jpg", "/c.jpg");
        List<ImageTask> tasks = tasks(List.of("/slow.jpg"), List.of("/slow.jpg"), List.of("/slow.jpg"),
                List.of("/slow.jpg"), List.of("/b.jpg"), List.of("/c.jpg"));

        var result = pipeline.run(Flux.fromIterable(tasks), new UrlWindow(100), 2, 16, () -> false).collectList().toFuture();

        await().atMost(Duration.ofSeconds(10)).until(() -> store.keys.size() == 2);
        assertThat(origin.hits("/slow.jpg")).isEqualTo(1);
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(result::isDone);
        assertThat(result.join()).hasSize(6).allMatch(d -> d.outcome().succeeded());
        assertThat(origin.hits("/slow.jpg")).isEqualTo(1);
    }

    @Test
    void startsNoImageOnceStoppingAndLeavesTheRestWithoutOutcome() {
        serve("/a.jpg", "/b.jpg");
        AtomicInteger admitted = new AtomicInteger();
        List<ImageTask> tasks = tasks(List.of("/a.jpg"), List.of("/b.jpg"), List.of("/a.jpg"), List.of("/b.jpg"));

        List<ImagePipeline.Done> done = new ArrayList<>();
        StepVerifier.create(pipeline.run(Flux.fromIterable(tasks), new UrlWindow(100), 1, 16,
                        () -> admitted.getAndIncrement() >= 1))
                .recordWith(() -> done)
                .expectNextCount(2)
                .expectComplete()
                .verify(Duration.ofSeconds(30));
        assertThat(done).extracting(ImagePipeline.Done::task).containsExactlyInAnyOrder(tasks.get(0), tasks.get(2));
        assertThat(origin.hits("/a.jpg")).isEqualTo(1);
        assertThat(origin.hits("/b.jpg")).as("not started after the stop").isZero();
    }

    @Test
    void startsNoNewImageOnceStoppingAlthoughTasksAreBufferedAhead() throws Exception {
        List<String> paths = IntStream.range(0, 6).mapToObj(i -> "/s" + i + ".jpg").toList();
        List<CountDownLatch> stalls = paths.stream()
                .map(path -> origin.stall(path, TestImages.jpeg(64, 48, path.length()), "image/jpeg")).toList();
        // the last product repeats a URL that is never started: it must not wait for it
        List<ImageTask> tasks = tasks(List.of(paths.get(0)), List.of(paths.get(1)), List.of(paths.get(2)),
                List.of(paths.get(3)), List.of(paths.get(4), paths.get(5)), List.of(paths.get(4)));
        AtomicBoolean stopping = new AtomicBoolean();

        var result = pipeline.run(Flux.fromIterable(tasks), new UrlWindow(100), 2, 16, stopping::get)
                .collectList().toFuture();

        await().atMost(Duration.ofSeconds(10)).until(() -> totalHits(paths) == 2);
        stopping.set(true);
        stalls.forEach(CountDownLatch::countDown);
        assertThat(result.get(10, TimeUnit.SECONDS)).as("only the images in flight finish")
                .extracting(d -> d.task().url()).containsExactlyInAnyOrder(origin.url(paths.get(0)),
                        origin.url(paths.get(1)));
        assertThat(totalHits(paths)).isEqualTo(2);
    }

    private List<ImagePipeline.Done> run(List<ImageTask> tasks, UrlWindow window, int fetchConcurrency) {
        List<ImagePipeline.Done> done = new ArrayList<>();
        StepVerifier.create(pipeline.run(Flux.fromIterable(tasks), window, fetchConcurrency, 16, () -> false))
                .recordWith(() -> done)
                .expectNextCount(tasks.size())
                .expectComplete()
                .verify(Duration.ofSeconds(30));
        return done;
    }

    private static long bytesOf(List<ImagePipeline.Done> done, ImageTask task) {
        return done.stream().filter(d -> d.task() == task).findFirst().orElseThrow().outcome().bytesIn();
    }

    private void serve(String... paths) {
        for (int i = 0; i < paths.length; i++) {
            origin.serve(paths[i], TestImages.jpeg(64 + i, 48, i), "image/jpeg");
        }
    }

    private int totalHits(List<String> paths) {
        return paths.stream().mapToInt(origin::hits).sum();
    }

    @SafeVarargs
    private List<ImageTask> tasks(List<String>... productPaths) {
        List<ImageTask> tasks = new ArrayList<>();
        for (int serial = 1; serial <= productPaths.length; serial++) {
            List<String> inputs = productPaths[serial - 1].stream().map(origin::url).toList();
            ProductJob job = new ProductJob(ProductDocument.fresh("req", serial, "P" + serial, inputs, Instant.now()));
            for (int i = 0; i < inputs.size(); i++) {
                tasks.add(new ImageTask(job, i, inputs.get(i)));
            }
        }
        return tasks;
    }

    /** Outputs kept in memory, counting writes. */
    private static final class MemoryStore implements ImageStore {

        final Map<String, byte[]> keys = new ConcurrentHashMap<>();
        final AtomicInteger puts = new AtomicInteger();

        @Override
        public Mono<Boolean> exists(String key) {
            return Mono.fromSupplier(() -> keys.containsKey(key));
        }

        @Override
        public Mono<Void> put(String key, byte[] jpeg) {
            return Mono.fromRunnable(() -> {
                puts.incrementAndGet();
                keys.put(key, jpeg);
            });
        }

        @Override
        public Mono<StoredImage> get(String key) {
            return Mono.empty();
        }
    }
}
