package io.imageingest.client;

/**
 * One server-sent event of a request.
 *
 * @param id the event id (such as {@code 1.57}), sent back as {@code Last-Event-ID} on reconnection
 * @param type {@code status} when the status changed (and for the first event of a stream),
 *             {@code progress} when only counters changed
 * @param status the request's state at that moment
 */
public record RequestEvent(String id, String type, RequestStatus status) {

    /** Whether this event carries a terminal status ({@code COMPLETED} or {@code FAILED}). */
    public boolean isTerminal() {
        return status != null && status.isTerminal();
    }
}
