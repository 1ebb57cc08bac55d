package io.imageingest.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link ImageIngestClient#events(String)} reconnects after a dropped connection, a server error or an
 * idle stream. The delay before the n-th consecutive reconnection (n from 0) is
 * {@code min(maxBackoff, max(minBackoff, retry hint of the server) * 2^n)}; the count of consecutive
 * attempts starts over whenever an event arrives.
 *
 * @param maxRetries consecutive reconnections allowed before the stream fails (0 = never reconnect)
 * @param minBackoff the first delay
 * @param maxBackoff the longest delay
 * @param idleTimeout a stream that sends nothing (not even a heartbeat comment) for this long is considered
 *                    dropped; the server sends heartbeats every 15 seconds by default
 */
public record ReconnectPolicy(int maxRetries, Duration minBackoff, Duration maxBackoff, Duration idleTimeout) {

    /** 10 consecutive reconnections, 1 s doubling up to 30 s, 60 s idle timeout. */
    public static final ReconnectPolicy DEFAULT =
            new ReconnectPolicy(10, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60));

    /** Checks the values. */
    public ReconnectPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative");
        }
        Objects.requireNonNull(minBackoff, "minBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (minBackoff.isNegative() || maxBackoff.compareTo(minBackoff) < 0 || idleTimeout.isNegative()
                || idleTimeout.isZero()) {
            throw new IllegalArgumentException("need 0 <= minBackoff <= maxBackoff and a positive idleTimeout");
        }
    }

    /** Never reconnect: the first failure ends the stream. */
    public static ReconnectPolicy none() {
        return new ReconnectPolicy(0, Duration.ZERO, Duration.ZERO, DEFAULT.idleTimeout());
    }

    /** The delay before reconnection number {@code attempt} (0-based) given the server's hint (or null). */
    Duration delay(long attempt, Duration serverHint) {
        Duration base = serverHint != null && serverHint.compareTo(minBackoff) > 0 ? serverHint : minBackoff;
        Duration delay = base;
        for (long i = 0; i < attempt && delay.compareTo(maxBackoff) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }
}
