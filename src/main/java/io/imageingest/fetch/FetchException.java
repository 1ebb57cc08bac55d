package io.imageingest.fetch;

/**
 * A download that did not produce image bytes. {@link #reason()} is a stable code
 * ({@code HTTP_404}, {@code TIMEOUT}, {@code TOO_LARGE}, {@code CONNECTION_ERROR}, {@code UNKNOWN_HOST},
 * {@code TOO_MANY_REDIRECTS}, {@code INVALID_URL}, {@code BLOCKED_ADDRESS}); {@link #isTransient()} says whether a retry may help.
 */
public class FetchException extends RuntimeException {

    private final String reason;
    private final boolean transientFailure;

    public FetchException(String reason, String detail, boolean transientFailure) {
        super(detail);
        this.reason = reason;
        this.transientFailure = transientFailure;
    }

    public String reason() {
        return reason;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
