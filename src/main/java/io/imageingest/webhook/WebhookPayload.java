package io.imageingest.webhook;

import java.time.Instant;

import io.imageingest.request.RequestStatusView;

/**
 * The JSON body of a webhook: {@code type} {@code request.completed} or {@code request.failed},
 * {@code timestamp} (when the request ended) and the status body as {@code data}.
 */
record WebhookPayload(String type, Instant timestamp, RequestStatusView data) {
}
