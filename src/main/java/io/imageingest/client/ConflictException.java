package io.imageingest.client;

import java.util.Map;

/**
 * The request conflicts with the current state on the server ({@code 409}). {@link NotReadyException} is
 * the case of {@code output.csv} asked for too early; other conflicts (such as a reused idempotency key,
 * should the server report one) are instances of this class itself.
 */
public class ConflictException extends ImageIngestException {

    private static final long serialVersionUID = 1L;

    /** See {@link ImageIngestException#ImageIngestException(int, String, String, String, String, Map)}. */
    public ConflictException(int status, String type, String title, String detail, String instance,
                             Map<String, Object> properties) {
        super(status, type, title, detail, instance, properties);
    }
}
