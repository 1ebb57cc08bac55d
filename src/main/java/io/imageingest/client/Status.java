package io.imageingest.client;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Life cycle of an ingest request: {@code PENDING → PROCESSING → COMPLETED | FAILED}.
 *
 * <p>A status this SDK does not know yet (sent by a newer server) reads as {@link #UNKNOWN} instead of
 * failing the whole response.
 */
public enum Status {
    /** Stored, not started. */
    PENDING,
    /** Being processed by a worker. */
    PROCESSING,
    /** Every image of every product has an output. */
    COMPLETED,
    /** Processing ended and at least one image could not be produced, or the request could not be processed. */
    FAILED,
    /** A status added to the API after this SDK was built. */
    UNKNOWN;

    /** Whether the request has ended ({@link #COMPLETED} or {@link #FAILED}). */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED;
    }

    /** Reads a wire value; unknown values map to {@link #UNKNOWN}, null stays null. */
    @JsonCreator
    public static Status fromWire(String value) {
        if (value == null) {
            return null;
        }
        for (Status status : values()) {
            if (status.name().equalsIgnoreCase(value.trim())) {
                return status;
            }
        }
        return UNKNOWN;
    }
}
