package io.imageingest.request;

import org.junit.jupiter.api.Test;

import static io.imageingest.request.RequestStatus.COMPLETED;
import static io.imageingest.request.RequestStatus.FAILED;
import static io.imageingest.request.RequestStatus.PENDING;
import static io.imageingest.request.RequestStatus.PROCESSING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestStatusTest {

    @Test
    void completesOnlyWhenEveryImageHasAnOutput() {
        assertThat(RequestStatus.outcome(5, 5, 0)).isEqualTo(COMPLETED);
        assertThat(RequestStatus.outcome(5, 4, 1)).isEqualTo(FAILED);
        assertThat(RequestStatus.outcome(5, 0, 5)).isEqualTo(FAILED);
    }

    @Test
    void refusesAnOutcomeWhileImagesAreStillUntried() {
        assertThatThrownBy(() -> RequestStatus.outcome(5, 3, 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void allowsOnlyForwardTransitions() {
        assertThat(PENDING.canMoveTo(PROCESSING)).isTrue();
        assertThat(PENDING.canMoveTo(FAILED)).isTrue();
        assertThat(PENDING.canMoveTo(COMPLETED)).isFalse();
        assertThat(PROCESSING.canMoveTo(PROCESSING)).as("takeover of an expired lease").isTrue();
        assertThat(PROCESSING.canMoveTo(COMPLETED)).isTrue();
        assertThat(PROCESSING.canMoveTo(FAILED)).isTrue();
        assertThat(PROCESSING.canMoveTo(PENDING)).isFalse();
        for (RequestStatus next : RequestStatus.values()) {
            assertThat(COMPLETED.canMoveTo(next)).isFalse();
            assertThat(FAILED.canMoveTo(next)).isFalse();
        }
    }

    @Test
    void onlyCompletedAndFailedAreTerminal() {
        assertThat(PENDING.isTerminal()).isFalse();
        assertThat(PROCESSING.isTerminal()).isFalse();
        assertThat(COMPLETED.isTerminal()).isTrue();
        assertThat(FAILED.isTerminal()).isTrue();
    }
}
