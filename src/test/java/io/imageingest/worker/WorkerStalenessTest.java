package io.imageingest.worker;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When the worker health calls the worker stuck. */
class WorkerStalenessTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final Duration STALE_AFTER = Duration.ofMinutes(2);

    @Test
    void anIdleSlotThatHasNotPolledForTooLongIsStale() {
        var snapshot = new WorkerActivity.Snapshot(2, 1, NOW.minusSeconds(600), null, NOW.minusSeconds(121), 0);
        assertThat(snapshot.stale(NOW, STALE_AFTER)).isTrue();
    }

    @Test
    void aRecentPollIsNotStale() {
        var snapshot = new WorkerActivity.Snapshot(2, 0, NOW.minusSeconds(600), null, NOW.minusSeconds(5), 0);
        assertThat(snapshot.stale(NOW, STALE_AFTER)).isFalse();
    }

    @Test
    void busySlotsDoNotPollSoAFullWorkerIsNotStale() {
        var snapshot = new WorkerActivity.Snapshot(2, 2, NOW.minusSeconds(3600), null, NOW.minusSeconds(3000), 40);
        assertThat(snapshot.stale(NOW, STALE_AFTER)).isFalse();
    }

    @Test
    void aWorkerThatNeverPolledIsJudgedFromItsStart() {
        assertThat(new WorkerActivity.Snapshot(1, 0, NOW.minusSeconds(10), null, null, 0).stale(NOW, STALE_AFTER))
                .isFalse();
        assertThat(new WorkerActivity.Snapshot(1, 0, NOW.minusSeconds(300), null, null, 0).stale(NOW, STALE_AFTER))
                .isTrue();
    }
}
