package io.imageingest.request;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A document of the {@code requests} collection: one uploaded CSV. The contract fixes {@code _id},
 * {@code status}, {@code createdAt} and {@code updatedAt}; the rest are the service's own fields.
 *
 * @param pageCount number of {@code productPages} documents listing the products in serial order
 * @param apiKeyId id of the API key that created it, when API keys are in use
 * @param owner instance currently holding the processing lease, if any
 * @param leaseUntil when that lease expires
 * @param failures the first reported image failures (bounded by {@code app.worker.max-reported-failures})
 * @param error why the whole request failed, when it could not be processed at all
 * @param webhook delivery state of the webhook, once the request has ended with a {@code webhookUrl}
 * @param leaseEpoch incremented by every claim; together with {@code owner} it fences the writes of a
 *                   worker that lost its lease (see {@link Lease})
 */
@Document("requests")
public record RequestDocument(
        @Id String id,
        RequestStatus status,
        Instant createdAt,
        Instant updatedAt,
        long productCount,
        long imageCount,
        long productsDone,
        long productsFailed,
        long imagesDone,
        long imagesFailed,
        long bytesIn,
        long bytesOut,
        int pageCount,
        int pageSize,
        String webhookUrl,
        String apiKeyId,
        String owner,
        Instant leaseUntil,
        Instant startedAt,
        Instant finishedAt,
        List<ImageFailure> failures,
        String error,
        WebhookDelivery webhook,
        long leaseEpoch) {

    public static final String COLLECTION = "requests";

    /** A freshly accepted request. */
    public static RequestDocument pending(String id, Instant now, long productCount, long imageCount,
                                          int pageCount, int pageSize, String webhookUrl, String apiKeyId) {
        return new RequestDocument(id, RequestStatus.PENDING, now, now, productCount, imageCount, 0, 0, 0, 0, 0,
                0, pageCount, pageSize, webhookUrl, apiKeyId, null, null, null, null, List.of(), null, null, 0);
    }

    public List<ImageFailure> failures() {
        return failures == null ? List.of() : failures;
    }
}
