package io.imageingest.client;

import java.util.Map;

/** The upload was sent with a media type the server does not take: {@code 415}. */
public class UnsupportedMediaTypeException extends ImageIngestException {

    private static final long serialVersionUID = 1L;

    /** See {@link ImageIngestException#ImageIngestException(int, String, String, String, String, Map)}. */
    public UnsupportedMediaTypeException(int status, String type, String title, String detail, String instance,
            Map<String, Object> properties) {
        super(status, type, title, detail, instance, properties);
    }
}
