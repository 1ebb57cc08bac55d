package io.imageingest.request;

/**
 * A worker's claim on one request, the fencing token of every write it makes for that request. The
 * epoch grows with every claim, so a worker whose claim was taken over (even by a slot of the same
 * instance, which has the same owner name) no longer matches and its writes are refused.
 *
 * @param requestId the claimed request
 * @param owner the claiming instance
 * @param epoch {@code leaseEpoch} of the request as set by this claim
 */
public record Lease(String requestId, String owner, long epoch) {

    /** The lease a claim returned. */
    public static Lease of(RequestDocument claimed) {
        return new Lease(claimed.id(), claimed.owner(), claimed.leaseEpoch());
    }
}
