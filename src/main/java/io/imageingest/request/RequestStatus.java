package io.imageingest.request;

/**
 * Life cycle of an uploaded CSV. {@code PENDING → PROCESSING → COMPLETED | FAILED}; a request can also
 * fail straight from {@code PENDING} when it cannot be processed at all, and a {@code PROCESSING}
 * request whose worker died is taken over (it stays {@code PROCESSING}).
 */
public enum RequestStatus {
    PENDING, PROCESSING, COMPLETED, FAILED;

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED;
    }

    /** Whether the status machine allows going from this status to {@code next}. */
    public boolean canMoveTo(RequestStatus next) {
        return switch (this) {
            case PENDING -> next == PROCESSING || next == FAILED;
            case PROCESSING -> next == PROCESSING || next.isTerminal();
            case COMPLETED, FAILED -> false;
        };
    }

    /**
     * The terminal status of a request once every image has been tried: {@code COMPLETED} only when
     * every image of every product has an output.
     */
    public static RequestStatus outcome(long imagesTotal, long imagesDone, long imagesFailed) {
        if (imagesDone + imagesFailed != imagesTotal) {
            throw new IllegalStateException("request not finished: " + imagesDone + " done + "
                    + imagesFailed + " failed of " + imagesTotal);
        }
        return imagesFailed == 0 ? COMPLETED : FAILED;
    }
}
