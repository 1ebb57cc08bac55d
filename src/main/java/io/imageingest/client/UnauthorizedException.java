package io.imageingest.client;

import java.util.Map;

/** API keys are configured and the client sent none or a wrong one: {@code 401}. */
public class UnauthorizedException extends ImageIngestException {

    private static final long serialVersionUID = 1L;

    /** See {@link ImageIngestException#ImageIngestException(int, String, String, String, String, Map)}. */
    public UnauthorizedException(int status, String type, String title, String detail, String instance,
            Map<String, Object> properties) {
        super(status, type, title, detail, instance, properties);
    }
}
