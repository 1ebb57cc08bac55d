package io.imageingest.request;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /api/v1/requests/{id}} (also the payload of progress events and webhooks).
 *
 * @param products product counts: a product is done when all its images have outputs, failed when at
 *                 least one image could not be produced
 * @param images image counts
 * @param failures the reported image failures, in serial order
 * @param failuresTruncated true when more images failed than are listed
 * @param webhook delivery state of the webhook, if any
 */
public record RequestStatusView(
        String requestId,
        RequestStatus status,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant finishedAt,
        Counts products,
        Counts images,
        long bytesIn,
        long bytesOut,
        List<ImageFailure> failures,
        boolean failuresTruncated,
        String webhookUrl,
        String error,
        WebhookDelivery webhook,
        Map<String, String> links) {

    /**
     * @param total all of them
     * @param done produced successfully
     * @param failed could not be produced
     * @param pending not tried yet
     */
    public record Counts(long total, long done, long failed, long pending) {

        static Counts of(long total, long done, long failed) {
            return new Counts(total, done, failed, Math.max(0, total - done - failed));
        }
    }

    /** The same view without delivery state, as sent in webhook payloads (identical on every attempt). */
    public RequestStatusView withoutWebhook() {
        return new RequestStatusView(requestId, status, createdAt, updatedAt, startedAt, finishedAt, products, images,
                bytesIn, bytesOut, failures, failuresTruncated, webhookUrl, error, null, links);
    }

    public static RequestStatusView of(RequestDocument r) {
        String self = "/api/v1/requests/" + r.id();
        List<ImageFailure> failures = r.failures();
        return new RequestStatusView(r.id(), r.status(), r.createdAt(), r.updatedAt(), r.startedAt(), r.finishedAt(),
                Counts.of(r.productCount(), r.productsDone(), r.productsFailed()),
                Counts.of(r.imageCount(), r.imagesDone(), r.imagesFailed()),
                r.bytesIn(), r.bytesOut(), failures, r.imagesFailed() > failures.size(), r.webhookUrl(), r.error(),
                r.webhook(), Map.of("self", self, "products", self + "/products", "events", self + "/events",
                        "output", self + "/output.csv"));
    }
}
