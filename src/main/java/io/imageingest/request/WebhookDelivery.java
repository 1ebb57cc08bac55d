package io.imageingest.request;

import java.time.Instant;

/**
 * Delivery state of a request's webhook, kept in the request document so that it changes atomically
 * with the status that triggers it and survives restarts.
 *
 * @param id the {@code webhook-id}, the same on every attempt
 * @param state {@code PENDING} (waiting for {@code nextAttemptAt}), {@code DELIVERING} (an attempt is
 *              under way until {@code leaseUntil}), {@code DELIVERED}, {@code GONE} (the receiver answered
 *              {@code 410}) or {@code FAILED} (retries exhausted)
 * @param attempts attempts made so far
 * @param nextAttemptAt when the next attempt is due
 * @param leaseUntil until when the current attempt owns the delivery
 * @param lastStatus HTTP status of the last attempt, if it got an answer
 * @param lastError why the last attempt did not succeed
 * @param firstAttemptAt when delivery became due, the start of its maximum age
 * @param deliveredAt when a {@code 2xx} was received
 */
public record WebhookDelivery(String id, String state, int attempts, Instant nextAttemptAt, Instant leaseUntil,
                              Integer lastStatus, String lastError, Instant firstAttemptAt, Instant deliveredAt) {

    public static WebhookDelivery due(String requestId, Instant now) {
        return new WebhookDelivery("msg_" + requestId.replace("-", ""), "PENDING", 0, now, null, null, null, now,
                null);
    }
}
