package io.imageingest.request;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads and writes {@code requests}. Every state change is one atomic single-document update; the
 * worker's writes are conditional on still holding the lease, so a worker that lost it cannot
 * overwrite newer state.
 */
@Repository
public class RequestRepository {

    private final ReactiveMongoTemplate mongo;
    private final Clock clock;

    /**
     * The lease writes read the clock when they are subscribed, not when they are built, so a write retried
     * or sent late (a renewal retried through a database outage) sets a lease that runs from the moment it
     * is sent rather than one that expired during the wait.
     */
    public RequestRepository(ReactiveMongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    public Mono<RequestDocument> insert(RequestDocument request) {
        return mongo.insert(request);
    }

    public Mono<RequestDocument> findById(String id) {
        return mongo.findById(id, RequestDocument.class);
    }

    /**
     * The newest {@code limit} requests, newest first, without their failure lists; with {@code apiKeyId}
     * only those that key created. The embedded server ignores non-unique indexes, so this scans and sorts
     * the {@code requests} collection: callers keep {@code limit} small.
     */
    public Flux<RequestDocument> findRecent(String apiKeyId, int limit) {
        Query query = apiKeyId == null ? new Query() : Query.query(Criteria.where("apiKeyId").is(apiKeyId));
        query.with(Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("_id"))).limit(limit);
        query.fields().exclude("failures", "webhook");
        return mongo.find(query, RequestDocument.class);
    }

    /**
     * Claims the oldest request that is {@code PENDING}, or {@code PROCESSING} with an expired (or
     * released) lease, in one {@code findAndModify}; the claim increments {@code leaseEpoch}, which
     * fences out whoever held the request before.
     */
    public Mono<RequestDocument> claimNext(String owner, Duration lease) {
        return Mono.defer(() -> claimNextNow(owner, lease));
    }

    private Mono<RequestDocument> claimNextNow(String owner, Duration lease) {
        Instant now = clock.instant();
        Query query = new Query(new Criteria().orOperator(
                Criteria.where("status").is(RequestStatus.PENDING),
                Criteria.where("status").is(RequestStatus.PROCESSING).and("leaseUntil").lt(now)))
                .with(Sort.by("createdAt"));
        Update update = new Update()
                .set("status", RequestStatus.PROCESSING)
                .set("owner", owner)
                .set("leaseUntil", now.plus(lease))
                .inc("leaseEpoch", 1)
                .set("startedAt", now)
                .set("updatedAt", now);
        return mongo.findAndModify(query, update, FindAndModifyOptions.options().returnNew(true),
                RequestDocument.class);
    }

    /**
     * Extends a lease, only for its holder: emits {@code false} when another claim has fenced it out.
     * A lease that ran out but was not claimed by anyone else is still this holder's to extend.
     */
    public Mono<Boolean> renew(Lease lease, Duration duration) {
        return Mono.defer(() -> {
            Update update = new Update().set("leaseUntil", clock.instant().plus(duration));
            return mongo.updateFirst(owned(lease), update, RequestDocument.class)
                    .map(result -> result.getMatchedCount() == 1);
        });
    }

    /** Writes progress counters and renews the lease; emits {@code false} when the lease was lost. */
    public Mono<Boolean> saveProgress(Lease lease, Progress progress, Duration duration) {
        return Mono.defer(() -> {
            Update update = progressUpdate(progress).set("leaseUntil", clock.instant().plus(duration));
            return mongo.updateFirst(owned(lease), update, RequestDocument.class)
                    .map(result -> result.getMatchedCount() == 1);
        });
    }

    /**
     * Gives a lease up (graceful shutdown): saves the counters and makes the request claimable at once,
     * still {@code PROCESSING}, by any instance. Emits {@code false} when the lease was already lost.
     */
    public Mono<Boolean> release(Lease lease, Progress progress) {
        Update update = progressUpdate(progress).set("leaseUntil", Instant.EPOCH).unset("owner");
        return mongo.updateFirst(owned(lease), update, RequestDocument.class)
                .map(result -> result.getMatchedCount() == 1);
    }

    /**
     * Moves an owned request to its terminal status with its final counters and, when it has a
     * webhook URL, makes its webhook due in the same atomic update.
     */
    public Mono<Boolean> finish(Lease lease, RequestStatus status, Progress progress, String error,
                                boolean hasWebhook) {
        Instant now = clock.instant();
        Update update = progressUpdate(progress)
                .set("status", status)
                .set("finishedAt", now)
                .set("error", error)
                .unset("owner")
                .unset("leaseUntil");
        if (hasWebhook) {
            update.set("webhook", WebhookDelivery.due(lease.requestId(), now));
        }
        return mongo.updateFirst(owned(lease), update, RequestDocument.class)
                .map(result -> result.getMatchedCount() == 1);
    }

    /**
     * Expires every lease. Only safe when this process is the database's sole user, as with the
     * embedded server whose file is locked by this process: leases left by a killed run are stale.
     */
    public Mono<Long> expireAllLeases() {
        return mongo.updateMulti(Query.query(Criteria.where("status").is(RequestStatus.PROCESSING)),
                        new Update().set("leaseUntil", Instant.EPOCH), RequestDocument.class)
                .map(result -> result.getModifiedCount());
    }

    /** The fencing filter of every write made under a lease. */
    private static Query owned(Lease lease) {
        return Query.query(Criteria.where("_id").is(lease.requestId()).and("owner").is(lease.owner())
                .and("leaseEpoch").is(lease.epoch()).and("status").is(RequestStatus.PROCESSING));
    }

    private Update progressUpdate(Progress p) {
        return new Update()
                .set("productsDone", p.productsDone())
                .set("productsFailed", p.productsFailed())
                .set("imagesDone", p.imagesDone())
                .set("imagesFailed", p.imagesFailed())
                .set("bytesIn", p.bytesIn())
                .set("bytesOut", p.bytesOut())
                .set("failures", p.failures())
                .set("updatedAt", clock.instant());
    }
}
