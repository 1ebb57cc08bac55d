package io.imageingest.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The state of a request: the body of {@code GET /api/v1/requests/{id}} and the payload of its events.
 * Fields added by newer servers are ignored.
 *
 * @param requestId the request id
 * @param status where the request is in its life cycle
 * @param createdAt when it was stored
 * @param updatedAt when it last changed
 * @param startedAt when processing started, or null
 * @param finishedAt when it became terminal, or null
 * @param products product counters
 * @param images image counters
 * @param bytesIn bytes downloaded from image origins
 * @param bytesOut bytes of stored output images
 * @param failures failed images in serial order (the first ones only, see {@code failuresTruncated})
 * @param failuresTruncated true when more images failed than {@code failures} lists
 * @param webhookUrl the webhook URL stored with the request, or null
 * @param error why the request could not be processed at all, or null
 * @param links relative API paths: {@code self}, {@code products}, {@code events}, {@code output}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RequestStatus(String requestId, Status status, Instant createdAt, Instant updatedAt,
                            Instant startedAt, Instant finishedAt, Counts products, Counts images, long bytesIn,
                            long bytesOut, List<ImageFailure> failures, boolean failuresTruncated,
                            String webhookUrl, String error, Map<String, String> links) {

    /** Makes {@code failures} and {@code links} unmodifiable and never null. */
    public RequestStatus {
        failures = Lists.copy(failures);
        links = Lists.copy(links);
    }

    /** Whether the request has ended ({@code COMPLETED} or {@code FAILED}). */
    @JsonIgnore
    public boolean isTerminal() {
        return status != null && status.isTerminal();
    }
}
