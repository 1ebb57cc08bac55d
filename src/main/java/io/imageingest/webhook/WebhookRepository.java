package io.imageingest.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.imageingest.request.RequestDocument;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** Claims due webhook deliveries and records attempts, each as one atomic update of the request. */
@Repository
class WebhookRepository {

    private final ReactiveMongoTemplate mongo;
    private final Clock clock;

    WebhookRepository(ReactiveMongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /** Claims the most overdue delivery, or one whose attempt was abandoned (lease expired). */
    Mono<RequestDocument> claimDue(Duration lease) {
        Instant now = clock.instant();
        Query query = new Query(new Criteria().orOperator(
                Criteria.where("webhook.state").is("PENDING").and("webhook.nextAttemptAt").lte(now),
                Criteria.where("webhook.state").is("DELIVERING").and("webhook.leaseUntil").lt(now)))
                .with(Sort.by("webhook.nextAttemptAt"));
        Update update = new Update().set("webhook.state", "DELIVERING").set("webhook.leaseUntil", now.plus(lease));
        return mongo.findAndModify(query, update, FindAndModifyOptions.options().returnNew(true),
                RequestDocument.class);
    }

    /** Makes attempts abandoned by a killed process due again; only safe when this process owns the database. */
    Mono<Long> releaseAbandoned() {
        return mongo.updateMulti(Query.query(Criteria.where("webhook.state").is("DELIVERING")),
                        new Update().set("webhook.state", "PENDING").unset("webhook.leaseUntil"), RequestDocument.class)
                .map(result -> result.getModifiedCount());
    }

    /** Records the outcome of an attempt made under the claim. */
    Mono<Void> record(String requestId, String state, int attempts, Instant nextAttemptAt, Integer status,
                      String error) {
        Instant now = clock.instant();
        Update update = new Update()
                .set("webhook.state", state)
                .set("webhook.attempts", attempts)
                .set("webhook.nextAttemptAt", nextAttemptAt)
                .set("webhook.lastStatus", status)
                .set("webhook.lastError", error)
                .unset("webhook.leaseUntil");
        if ("DELIVERED".equals(state)) {
            update.set("webhook.deliveredAt", now);
        }
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(requestId).and("webhook.state").is("DELIVERING")),
                update, RequestDocument.class).then();
    }
}
