package io.imageingest.worker;

import java.time.Clock;
import java.time.Instant;

import io.imageingest.system.OperationsProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health of the worker ({@code worker} component): {@code UP} while its loop runs and a slot looked for
 * work within {@code app.operations.worker-stale-after} (or every slot is busy, when nobody polls);
 * {@code DOWN} once stopped or stuck; {@code UNKNOWN} before it has started. It does not depend on
 * MongoDB: a poll counts even when the database does not answer, so it can sit in the liveness group.
 */
@Component
class WorkerHealthIndicator implements HealthIndicator {

    private final WorkerActivity activity;
    private final OperationsProperties ops;
    private final Clock clock;

    WorkerHealthIndicator(WorkerActivity activity, OperationsProperties ops, Clock clock) {
        this.activity = activity;
        this.ops = ops;
        this.clock = clock;
    }

    @Override
    public Health health() {
        WorkerActivity.Snapshot s = activity.snapshot();
        Instant now = clock.instant();
        Health.Builder builder;
        if (s.startedAt() == null) {
            builder = Health.unknown().withDetail("reason", "not started yet");
        } else if (s.stoppedAt() != null) {
            builder = Health.down().withDetail("reason", "stopped");
        } else if (s.stale(now, ops.workerStaleAfter())) {
            builder = Health.down().withDetail("reason", "no poll for work since " + s.lastPoll());
        } else {
            builder = Health.up();
        }
        return builder.withDetail("slots", s.slots())
                .withDetail("slotsInUse", s.busy())
                .withDetail("lastPollAt", String.valueOf(s.lastPoll()))
                .withDetail("imagesRemaining", s.remaining())
                .build();
    }
}
