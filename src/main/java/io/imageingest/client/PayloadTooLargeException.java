package io.imageingest.client;

import java.util.Map;

/** The upload is larger than the server accepts (bytes or rows): {@code 413}. */
public class PayloadTooLargeException extends ImageIngestException {

    private static final long serialVersionUID = 1L;

    /** See {@link ImageIngestException#ImageIngestException(int, String, String, String, String, Map)}. */
    public PayloadTooLargeException(int status, String type, String title, String detail, String instance,
            Map<String, Object> properties) {
        super(status, type, title, detail, instance, properties);
    }
}
