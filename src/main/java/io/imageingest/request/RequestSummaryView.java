package io.imageingest.request;

import java.time.Instant;
import java.util.Map;

import io.imageingest.request.RequestStatusView.Counts;

/**
 * One entry of {@code GET /api/v1/requests}: the status body without failures and webhook state.
 *
 * @param products product counts, as in the status body
 * @param images image counts, as in the status body
 */
record RequestSummaryView(
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
        String error,
        Map<String, String> links) {

    static RequestSummaryView of(RequestDocument r) {
        RequestStatusView full = RequestStatusView.of(r);
        return new RequestSummaryView(r.id(), r.status(), r.createdAt(), r.updatedAt(), r.startedAt(),
                r.finishedAt(), full.products(), full.images(), r.bytesIn(), r.bytesOut(), r.error(), full.links());
    }
}
