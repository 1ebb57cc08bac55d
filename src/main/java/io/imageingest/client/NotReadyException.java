package io.imageingest.client;

import java.util.Map;

/**
 * Asked too early: {@code output.csv} is only available once the request is {@code COMPLETED} or
 * {@code FAILED} ({@code 409}, title {@code Not ready}).
 */
public class NotReadyException extends ConflictException {

    private static final long serialVersionUID = 1L;

    /** See {@link ConflictException#ConflictException(int, String, String, String, String, Map)}. */
    public NotReadyException(int status, String type, String title, String detail, String instance,
                             Map<String, Object> properties) {
        super(status, type, title, detail, instance, properties);
    }

    /** The request's status when the server answered (extension member {@code status}), or null. */
    public Status requestStatus() {
        Object value = properties().get("status");
        return value instanceof String text ? Status.fromWire(text) : null;
    }
}
