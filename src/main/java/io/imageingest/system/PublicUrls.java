package io.imageingest.system;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Builds the absolute URLs the service hands out. With no {@code app.public-base-url} the base is
 * {@code http://localhost:{port}} of the port the server actually bound (which may be random).
 */
@Component
public class PublicUrls implements ApplicationListener<WebServerInitializedEvent> {

    private final String configured;
    private volatile String base;

    public PublicUrls(AppProperties app) {
        this.configured = stripSlash(app.publicBaseUrl());
        this.base = configured.isEmpty() ? "http://localhost:8080" : configured;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (configured.isEmpty()) {
            base = "http://localhost:" + event.getWebServer().getPort();
        }
    }

    /** Absolute URL of a stored output image. */
    public String image(String key) {
        return base + "/images/" + key;
    }

    private static String stripSlash(String url) {
        String trimmed = url == null ? "" : url.trim();
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
