package io.imageingest.worker;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Output encoding and decode limits.
 *
 * @param quality JPEG quality of outputs (1-100)
 * @param maxPixels largest accepted input, width times height, checked from the header before decoding
 * @param compressConcurrency images decoded and encoded at once; {@code 0} means one per CPU
 */
@ConfigurationProperties("app.image")
public record ImageProperties(
        @DefaultValue("50") int quality,
        @DefaultValue("50000000") long maxPixels,
        @DefaultValue("0") int compressConcurrency) {

    public int effectiveCompressConcurrency() {
        return compressConcurrency > 0 ? compressConcurrency : Runtime.getRuntime().availableProcessors();
    }
}
