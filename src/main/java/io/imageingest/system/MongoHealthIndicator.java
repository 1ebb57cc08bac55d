package io.imageingest.system;

import java.time.Duration;

import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Health of the database by {@code ping}, which both a real MongoDB and the embedded server answer
 * (Boot's own indicator sends {@code hello}, which the embedded server does not know).
 */
@Component("mongoHealthIndicator")
class MongoHealthIndicator extends AbstractReactiveHealthIndicator {

    private final ReactiveMongoTemplate mongo;
    private final DatabaseMode mode;

    MongoHealthIndicator(ReactiveMongoTemplate mongo, DatabaseMode mode) {
        this.mongo = mongo;
        this.mode = mode;
    }

    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        return mongo.executeCommand(new Document("ping", 1))
                .timeout(Duration.ofSeconds(5))
                .map(reply -> builder.up()
                        .withDetail("embedded", mode.exclusive())
                        .build());
    }
}
