package io.imageingest.image;

import java.util.Objects;

/**
 * Thrown when downloaded bytes cannot (or must not) be turned into a compressed JPEG.
 *
 * <p>{@link #reason()} is a stable, machine-readable code suitable for persisting and counting;
 * {@link #getMessage()} is a human-readable explanation of the specific case.
 */
public final class ImageRejectedException extends RuntimeException {

    /** Zero bytes, unknown magic bytes, or a text format such as SVG or HTML. */
    public static final String NOT_AN_IMAGE = "NOT_AN_IMAGE";
    /** A recognised image format for which no decoder is available (e.g. AVIF, HEIF). */
    public static final String UNSUPPORTED_FORMAT = "UNSUPPORTED_FORMAT";
    /** The header declares more pixels than the configured limit (decompression-bomb guard). */
    public static final String TOO_MANY_PIXELS = "TOO_MANY_PIXELS";
    /** The data looks like an image but is truncated or corrupt. */
    public static final String DECODE_ERROR = "DECODE_ERROR";

    private static final long serialVersionUID = 1L;

    private final String reason;

    public ImageRejectedException(String reason, String message) {
        this(reason, message, null);
    }

    public ImageRejectedException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The reason code, one of the constants declared on this class. */
    public String reason() {
        return reason;
    }
}
