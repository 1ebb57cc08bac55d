package io.imageingest.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import io.imageingest.product.ImageError;
import io.imageingest.product.ProductDocument;
import io.imageingest.product.ProductResult;
import io.imageingest.product.ProductPage;
import io.imageingest.product.ProductRepository;
import io.imageingest.request.Lease;
import io.imageingest.request.Progress;
import io.imageingest.request.RequestDocument;
import io.imageingest.request.RequestRepository;
import io.imageingest.request.RequestStatus;
import io.imageingest.support.ImageOrigin;
import io.imageingest.support.TestImages;
import io.imageingest.support.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two "instances" (two owner names on the same database, as two processes would be) competing for one
 * request: a takeover fences the previous holder out of every write, the previous holder stops working
 * at once, and the successor finishes with exact counters and without fetching stored outputs again.
 * Requests are written directly, and the service's own worker polls only hourly, so only the test claims.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LeaseFencingIntegrationTest {

    static final ImageOrigin origin = new ImageOrigin();

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestService.register(registry, dataDir, "127.0.0.1:" + origin.port());
        registry.add("app.worker.poll-interval", () -> "1h");
        registry.add("app.fetch.read-timeout", () -> "30s");
    }

    @Autowired
    RequestRepository requests;

    @Autowired
    ProductRepository products;

    @Autowired
    RequestProcessor processor;

    @Autowired
    ReactiveMongoTemplate mongo;

    @AfterAll
    static void stopOrigin() {
        origin.close();
    }

    @Test
    void everyWriteOfAFencedOutHolderIsRefused() {
        String id = insertRequest(List.of(List.of("http://127.0.0.1:1/x.jpg")));
        Lease a = Lease.of(requests.claimNext("instance-a", Duration.ofMillis(1)).block());
        await().atMost(Duration.ofSeconds(10)).until(() -> requests.claimNext("instance-b", Duration.ofMinutes(1))
                .blockOptional().isPresent());
        Lease b = Lease.of(requests.findById(id).block());
        assertThat(b.owner()).isEqualTo("instance-b");
        assertThat(b.epoch()).isEqualTo(a.epoch() + 1);

        Progress bogus = new Progress(1, 0, 1, 0, 1, 1, List.of());
        StepVerifier.create(requests.renew(a, Duration.ofMinutes(1))).expectNext(false).verifyComplete();
        StepVerifier.create(requests.saveProgress(a, bogus, Duration.ofMinutes(1))).expectNext(false).verifyComplete();
        StepVerifier.create(requests.release(a, bogus)).expectNext(false).verifyComplete();
        StepVerifier.create(requests.finish(a, RequestStatus.COMPLETED, bogus, null, false))
                .expectNext(false).verifyComplete();
        RequestDocument untouched = requests.findById(id).block();
        assertThat(untouched.status()).isEqualTo(RequestStatus.PROCESSING);
        assertThat(untouched.imagesDone()).isZero();

        // the same owner name claiming again (another slot of one instance) is a new epoch, too
        expireLease(id);
        Lease b2 = Lease.of(requests.claimNext("instance-b", Duration.ofMinutes(1)).block());
        assertThat(b2.epoch()).isEqualTo(b.epoch() + 1);
        StepVerifier.create(requests.renew(b, Duration.ofMinutes(1))).expectNext(false).verifyComplete();
        StepVerifier.create(requests.renew(b2, Duration.ofMinutes(1))).expectNext(true).verifyComplete();

        // a product result is recorded once; a late second writer does not overwrite it
        String productId = ProductDocument.idOf(id, 1);
        StepVerifier.create(products.saveResults(List.of(new ProductResult(productId, List.of("first"), List.of(), 1,
                        1)), Instant.now()))
                .expectNext(1).verifyComplete();
        StepVerifier.create(products.saveResults(List.of(new ProductResult(productId, List.of(""),
                        List.of(new ImageError(0, "u", "TIMEOUT", "late")), 0, 0)), Instant.now()))
                .expectNext(0).verifyComplete();
        assertThat(products.findById(productId).block().outputImageUrls()).containsExactly("first");

        StepVerifier.create(requests.finish(b2, RequestStatus.COMPLETED, bogus, null, false))
                .expectNext(true).verifyComplete();
    }

    @Test
    void aFencedOutWorkerStopsAtOnceAndItsSuccessorFinishesWithExactCounters() throws Exception {
        List<List<String>> urls = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            origin.serve("/f/" + i + ".jpg", TestImages.jpeg(120, 90, i), "image/jpeg");
            urls.add(List.of(origin.url("/f/" + i + ".jpg")));
        }
        CountDownLatch stuck = origin.stall("/f/stuck.jpg", TestImages.jpeg(120, 90, 9), "image/jpeg");
        urls.add(List.of(origin.url("/f/stuck.jpg")));
        String id = insertRequest(urls);

        RequestDocument claimedByA = requests.claimNext("instance-a", Duration.ofMinutes(5)).block();
        assertThat(claimedByA.id()).isEqualTo(id);
        CompletableFuture<Void> a = processor.process(claimedByA, Lease.of(claimedByA), new StopSignal()).toFuture();
        await().atMost(Duration.ofSeconds(30)).until(() -> origin.hits("/f/stuck.jpg") == 1
                && requests.findById(id).block().imagesDone() == 4);

        // instance A's lease runs out (say, a long pause): instance B takes the request over. A's own
        // heartbeat may renew in between, so expire and claim until B's claim lands
        AtomicReference<RequestDocument> taken = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            expireLease(id);
            taken.set(requests.claimNext("instance-b", Duration.ofMinutes(5)).block());
            return taken.get() != null;
        });
        RequestDocument claimedByB = taken.get();
        assertThat(claimedByB.id()).isEqualTo(id);

        // A notices at its next heartbeat and stops: its stalled download is cancelled, nothing more is written
        await().atMost(Duration.ofSeconds(3)).until(a::isDone);
        assertThat(a).isCompleted();
        assertThat(requests.findById(id).block().owner()).isEqualTo("instance-b");

        stuck.countDown();
        StepVerifier.create(processor.process(claimedByB, Lease.of(claimedByB), new StopSignal()))
                .verifyComplete();

        RequestDocument done = requests.findById(id).block();
        assertThat(done.status()).isEqualTo(RequestStatus.COMPLETED);
        assertThat(done.imagesDone()).isEqualTo(5);
        assertThat(done.imagesFailed()).isZero();
        assertThat(done.productsDone()).isEqualTo(5);
        for (int i = 1; i <= 4; i++) {
            assertThat(origin.hits("/f/" + i + ".jpg")).as("stored output %d not fetched again", i).isEqualTo(1);
        }
        assertThat(origin.hits("/f/stuck.jpg")).as("A's cancelled attempt and B's").isEqualTo(2);
        assertThat(products.findById(ProductDocument.idOf(id, 5)).block().outputImageUrls())
                .singleElement().asString().endsWith("/5-0.jpg");
    }

    @Test
    void aLeaseWriteSentLateRunsFromWhenItIsSentNotWhenItWasBuilt() {
        String id = insertRequest(List.of(List.of(origin.url("/never-fetched.jpg"))));
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), new Update()
                        .set("status", RequestStatus.PROCESSING).set("owner", "late-writer").set("leaseEpoch", 7L)
                        .set("leaseUntil", Instant.EPOCH), RequestDocument.class).block(Duration.ofSeconds(10));
        Lease lease = new Lease(id, "late-writer", 7);
        Instant built = Instant.parse("2030-01-01T00:00:00Z");
        SettableClock clock = new SettableClock(built);
        RequestRepository timed = new RequestRepository(mongo, clock);

        // built before an outage, sent (or retried) an hour later, as a renewal retried until the database is back
        Mono<Boolean> renewal = timed.renew(lease, Duration.ofSeconds(30));
        Mono<Boolean> progress = timed.saveProgress(lease, new Progress(0, 0, 0, 0, 0, 0, List.of()),
                Duration.ofSeconds(40));
        Instant sent = built.plus(Duration.ofHours(1));
        clock.now = sent;

        assertThat(renewal.block(Duration.ofSeconds(10))).isTrue();
        assertThat(requests.findById(id).block(Duration.ofSeconds(10)).leaseUntil()).isEqualTo(sent.plusSeconds(30));
        assertThat(progress.block(Duration.ofSeconds(10))).isTrue();
        assertThat(requests.findById(id).block(Duration.ofSeconds(10)).leaseUntil()).isEqualTo(sent.plusSeconds(40));
    }

    /** A clock the test moves by hand. */
    private static final class SettableClock extends java.time.Clock {
        volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private String insertRequest(List<List<String>> urlsPerProduct) {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        List<ProductDocument> docs = new ArrayList<>();
        List<Long> serials = new ArrayList<>();
        int images = 0;
        for (int i = 0; i < urlsPerProduct.size(); i++) {
            docs.add(ProductDocument.fresh(id, i + 1, "P" + (i + 1), urlsPerProduct.get(i), now));
            serials.add((long) i + 1);
            images += urlsPerProduct.get(i).size();
        }
        products.insertAll(docs)
                .then(products.insertPages(List.of(new ProductPage(ProductPage.idOf(id, 0), id, 0, serials))))
                .then(requests.insert(RequestDocument.pending(id, now, docs.size(), images, 1, 500, null, null)))
                .block(Duration.ofSeconds(10));
        return id;
    }

    private void expireLease(String id) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), new Update().set("leaseUntil", Instant.EPOCH),
                RequestDocument.class).block(Duration.ofSeconds(10));
    }
}
