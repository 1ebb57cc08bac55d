package io.imageingest.client;

import java.util.Map;

/** The request (or route) does not exist: {@code 404}. */
public class NotFoundException extends ImageIngestException {

    private static final long serialVersionUID = 1L;

    /** See {@link ImageIngestException#ImageIngestException(int, String, String, String, String, Map)}. */
    public NotFoundException(int status, String type, String title, String detail, String instance,
            Map<String, Object> properties) {
        super(status, type, title, detail, instance, properties);
    }
}
