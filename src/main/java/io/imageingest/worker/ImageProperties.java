package io.imageingest.worker;

import io.imageingest.image.ImageCodec;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Output encoding and decode limits.
 *
 * @param quality JPEG quality of outputs (1-100)
 * @param maxPixels largest accepted input, width times height, checked from the header before decoding
 * @param compressConcurrency images decoded and encoded at once; {@code 0} means one per CPU
 * @param codec {@code auto} (libjpeg-turbo when the system library loads, else the JDK), {@code turbo}
 *     (start-up fails without the library) or {@code java}
 */
@ConfigurationProperties("app.image")
public record ImageProperties(
        @DefaultValue("50") int quality,
        @DefaultValue("50000000") long maxPixels,
        @DefaultValue("0") int compressConcurrency,
        @DefaultValue("auto") ImageCodec codec) {

    @ConstructorBinding
    public ImageProperties {
    }

    /** Limits with the default codec choice, {@link ImageCodec#AUTO}. */
    public ImageProperties(int quality, long maxPixels, int compressConcurrency) {
        this(quality, maxPixels, compressConcurrency, ImageCodec.AUTO);
    }

    /** Peak heap of one decode and encode at the pixel limit: decoded raster, RGB copy and rotated copy. */
    static final long BYTES_PER_PIXEL = 11;

    public int effectiveCompressConcurrency() {
        return effectiveCompressConcurrency(Runtime.getRuntime().maxMemory());
    }

    /**
     * The configured concurrency (one per CPU by default), lowered so that that many decodes at the pixel
     * limit fit in 60% of the heap: a request full of maximal images cannot exhaust memory.
     */
    int effectiveCompressConcurrency(long maxHeapBytes) {
        int wanted = compressConcurrency > 0 ? compressConcurrency : Runtime.getRuntime().availableProcessors();
        long perImage = Math.max(1, maxPixels * BYTES_PER_PIXEL);
        long fitting = (long) (maxHeapBytes * 0.6) / perImage;
        return (int) Math.max(1, Math.min(wanted, fitting));
    }
}
