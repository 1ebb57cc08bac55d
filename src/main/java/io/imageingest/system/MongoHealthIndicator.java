package io.imageingest.system;

import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Health of the database by {@code ping}, which both a real MongoDB and the embedded server answer
 * (Boot's own indicator sends {@code hello}, which the embedded server does not know). Bounded by
 * {@code app.database.health-timeout}, so the health endpoint answers {@code DOWN} promptly during an
 * outage instead of waiting for the driver's server selection.
 */
@Component("mongoHealthIndicator")
class MongoHealthIndicator extends AbstractReactiveHealthIndicator {

    private final ReactiveMongoTemplate mongo;
    private final DatabaseMode mode;
    private final DatabaseProperties props;

    MongoHealthIndicator(ReactiveMongoTemplate mongo, DatabaseMode mode, DatabaseProperties props) {
        this.mongo = mongo;
        this.mode = mode;
        this.props = props;
    }

    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        return mongo.executeCommand(new Document("ping", 1))
                .timeout(props.healthTimeout())
                .map(reply -> builder.up()
                        .withDetail("embedded", mode.exclusive())
                        .build());
    }
}
