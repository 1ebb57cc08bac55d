package io.imageingest.upload;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.imageingest.product.ProductRepository;
import io.imageingest.request.RequestRepository;
import io.imageingest.system.DatabaseMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * At start-up, removes what uploads interrupted by a crash left behind: a marker whose request
 * document was never written means the upload was never acknowledged.
 */
@Component
@Order(1)
class InterruptedUploadCleanup implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(InterruptedUploadCleanup.class);

    private final ReactiveMongoTemplate mongo;
    private final RequestRepository requests;
    private final ProductRepository products;
    private final DatabaseMode mode;
    private final Clock clock;

    InterruptedUploadCleanup(ReactiveMongoTemplate mongo, RequestRepository requests, ProductRepository products,
                             DatabaseMode mode, Clock clock) {
        this.mongo = mongo;
        this.requests = requests;
        this.products = products;
        this.mode = mode;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        // On a shared database another instance may be receiving an upload right now: only markers
        // older than any upload could take are stale there.
        Instant staleBefore = mode.exclusive() ? Instant.MAX : clock.instant().minus(Duration.ofHours(6));
        Long cleaned = mongo.findAll(UploadMarker.class)
                .filter(marker -> marker.startedAt() == null || marker.startedAt().isBefore(staleBefore))
                .concatMap(marker -> requests.findById(marker.id())
                        .hasElement()
                        .flatMap(committed -> committed ? Mono.empty() : products.deleteByRequestId(marker.id())
                                .doOnSuccess(v -> log.warn("Removed interrupted upload {}", marker.id())))
                        .then(mongo.remove(marker)))
                .count()
                .block(Duration.ofMinutes(10));
        if (cleaned != null && cleaned > 0) {
            log.info("Checked {} interrupted upload(s)", cleaned);
        }
    }
}
