package io.imageingest.outbound;

import java.net.ConnectException;

/**
 * An outgoing connection was refused by the {@link AddressPolicy} before any packet was sent to the
 * target. Permanent: retrying resolves to the same kind of address.
 *
 * <p>It is a {@link ConnectException} so that Reactor Netty and {@code WebClient} treat it like any
 * other failure to connect (it arrives as the cause of a {@code WebClientRequestException});
 * callers that classify {@code IOException}s as transient must test for this type first.
 */
public final class BlockedAddressException extends ConnectException {

    /** Stable failure code for this refusal. */
    public static final String REASON = "BLOCKED_ADDRESS";

    private final String detail;

    /** @param detail why, as returned by {@link AddressPolicy#refusal} */
    public BlockedAddressException(String detail) {
        super(REASON + ": " + detail);
        this.detail = detail;
    }

    /** The refusal without the {@link #REASON} prefix, e.g. {@code 127.0.0.1 is not a public address (loopback)}. */
    public String detail() {
        return detail;
    }

    /** The stable code, {@link #REASON}. */
    public String reason() {
        return REASON;
    }

    // A refusal is an expected outcome with a self-explaining message; the stack trace is noise.
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
