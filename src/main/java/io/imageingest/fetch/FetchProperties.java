package io.imageingest.fetch;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How input images are downloaded.
 *
 * @param connectTimeout TCP connect timeout
 * @param readTimeout longest wait for the response or between two reads of its body
 * @param totalTimeout deadline for one download attempt, redirects included
 * @param maxBytes largest accepted image body
 * @param maxRedirects redirects followed per download
 * @param concurrency downloads in flight per request being processed
 * @param maxAttempts tries per image for transient failures (5xx, 408, 429, timeouts, resets)
 * @param initialBackoff first retry delay, doubled on each retry, with jitter
 * @param maxBackoff longest retry delay
 * @param userAgent {@code User-Agent} sent to image origins
 */
@ConfigurationProperties("app.fetch")
public record FetchProperties(
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("15s") Duration readTimeout,
        @DefaultValue("60s") Duration totalTimeout,
        @DefaultValue("25MB") DataSize maxBytes,
        @DefaultValue("5") int maxRedirects,
        @DefaultValue("16") int concurrency,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("500ms") Duration initialBackoff,
        @DefaultValue("10s") Duration maxBackoff,
        @DefaultValue("image-ingest/0.1") String userAgent) {
}
