package io.imageingest.client;

import java.util.Map;

/**
 * An error answer of the image-ingest API, read from its RFC 9457 {@code application/problem+json} body.
 * Subclasses stand for the answers a caller may want to handle apart; any other status (such as a
 * {@code 400} for an invalid parameter or a {@code 5xx}) is an instance of this class itself.
 *
 * <p>Failures below HTTP (connection refused or reset, timeouts) are not wrapped: they surface as the
 * {@code WebClient}'s own exceptions.
 */
public class ImageIngestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;
    private final String title;
    private final String detail;
    private final String instance;
    private final transient Map<String, Object> properties;

    /**
     * @param status the HTTP status code
     * @param type the problem type URI ({@code about:blank} when unspecific), or null
     * @param title a short summary of the problem type, or null
     * @param detail the explanation of this occurrence, or null
     * @param instance the request path the problem is about, or null
     * @param properties the problem's extension members (such as {@code errors}), never null
     */
    public ImageIngestException(int status, String type, String title, String detail, String instance,
                                Map<String, Object> properties) {
        super(message(status, title, detail));
        this.status = status;
        this.type = type;
        this.title = title;
        this.detail = detail;
        this.instance = instance;
        this.properties = Lists.copy(properties);
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }

    /** The problem type URI, or null. */
    public String type() {
        return type;
    }

    /** A short summary such as {@code Invalid CSV}, or null. */
    public String title() {
        return title;
    }

    /** The server's explanation, or null. */
    public String detail() {
        return detail;
    }

    /** The request path the problem is about, or null. */
    public String instance() {
        return instance;
    }

    /** Extension members of the problem body (everything but type, title, status, detail, instance). */
    public Map<String, Object> properties() {
        return properties == null ? Map.of() : properties;
    }

    private static String message(int status, String title, String detail) {
        StringBuilder text = new StringBuilder("HTTP ").append(status);
        if (title != null && !title.isBlank()) {
            text.append(' ').append(title);
        }
        if (detail != null && !detail.isBlank()) {
            text.append(": ").append(detail);
        }
        return text.toString();
    }
}
