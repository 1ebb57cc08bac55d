package io.imageingest.image;

import com.sksamuel.scrimage.metadata.ImageMetadata;
import java.awt.image.BufferedImage;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns downloaded image bytes into a baseline JPEG at a fixed quality.
 *
 * <p>Pipeline: sniff magic bytes, reject images whose header declares more than {@code maxPixels}
 * (before any pixel memory is allocated), decode the first frame, flatten to opaque 8-bit sRGB on
 * white, apply the EXIF orientation, and re-encode without metadata.
 *
 * <p>The {@link ImageCodec} chooses the library: with libjpeg-turbo, JPEGs it handles are decoded
 * into native memory and, unless EXIF asks for a rotation, encoded straight from there (4:2:0,
 * 4:2:2 and 4:4:4 JPEGs through their YUV planes, without an RGB round trip); all other
 * inputs are decoded by ImageIO and every output is encoded by libjpeg-turbo. Both paths apply the
 * same pixel limit, orientation, flattening and rejection rules.
 *
 * <p>Instances are immutable and thread-safe; {@link #compress(byte[])} is blocking and CPU-bound,
 * so reactive callers should run it on a bounded scheduler. Peak heap per call is about 7 to 11
 * bytes per pixel (decoded raster, RGB copy, rotated copy), so roughly 11 * {@code maxPixels}
 * times the concurrency must fit in the heap. The libjpeg-turbo path needs up to about 8 bytes per
 * pixel of native memory instead (pixels plus libjpeg's coefficient buffer), and heap only for
 * rotated images.
 */
public final class ImageCompressor {

    private static final Logger log = LoggerFactory.getLogger(ImageCompressor.class);

    private final int quality;
    private final long maxPixels;
    private final ImageDecoder decoder;
    private final TurboJpegCodec turbo;
    private final JpegWriter encoder;

    /** A compressor with the default codec choice, {@link ImageCodec#AUTO}. */
    public ImageCompressor(int quality, long maxPixels) {
        this(quality, maxPixels, ImageCodec.AUTO);
    }

    /**
     * @param quality JPEG quality 1..100 on the IJG/libjpeg scale (50 is a common web trade-off)
     * @param maxPixels largest accepted width*height, e.g. 50_000_000
     * @param codec which library decodes JPEGs and encodes outputs
     * @throws IllegalStateException if {@code codec} is {@link ImageCodec#TURBO} and libjpeg-turbo
     *     cannot be loaded
     */
    public ImageCompressor(int quality, long maxPixels, ImageCodec codec) {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("quality must be within 1..100, was " + quality);
        }
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, was " + maxPixels);
        }
        this.quality = quality;
        this.maxPixels = maxPixels;
        this.decoder = new ImageDecoder(maxPixels);
        this.turbo = codec == ImageCodec.JAVA ? null : TurboJpegCodec.ifAvailable(quality);
        if (codec == ImageCodec.TURBO && turbo == null) {
            throw new IllegalStateException("app.image.codec=turbo but libjpeg-turbo cannot be loaded ("
                    + TurboJpegCodec.unavailableReason() + "); install libturbojpeg0 or use auto/java");
        }
        this.encoder = turbo != null ? turbo : new JpegEncoder(quality);
        logCodec(codec);
    }

    /** One line saying which library does the work, so operators can tell from the start-up log. */
    private void logCodec(ImageCodec requested) {
        String choice = requested.name().toLowerCase(Locale.ROOT);
        if (turbo != null) {
            log.info("Image codec: libjpeg-turbo (TurboJPEG 2 API) from {} for JPEG decode and all encodes, "
                    + "ImageIO for other inputs (app.image.codec={})", turbo.file(), choice);
        } else if (requested == ImageCodec.AUTO) {
            log.info("Image codec: JDK ImageIO; libjpeg-turbo not loaded ({}); install libturbojpeg0 for faster "
                    + "JPEG (app.image.codec=auto)", TurboJpegCodec.unavailableReason());
        } else {
            log.info("Image codec: JDK ImageIO (app.image.codec={})", choice);
        }
    }

    /** The library in use: {@link ImageCodec#TURBO} or {@link ImageCodec#JAVA}, never AUTO. */
    public ImageCodec codec() {
        return turbo != null ? ImageCodec.TURBO : ImageCodec.JAVA;
    }

    /**
     * Compresses one image.
     *
     * @throws ImageRejectedException if the input is not a decodable image within the pixel limit;
     *     {@link ImageRejectedException#reason()} tells why
     */
    public CompressedImage compress(byte[] input) {
        ImageFormat format = detectOrReject(input);
        ImageMetadata metadata = null;
        if (turbo != null && format == ImageFormat.JPEG) {
            metadata = ExifOrientation.read(input, format);
            CompressedImage fast = compressWithTurbo(input, metadata);
            if (fast != null) {
                return fast;
            }
        }
        BufferedImage decoded = decoder.decode(input, format);
        // Flatten before rotating so the rotation works on a plain int raster (scrimage cannot
        // create blank copies of TYPE_CUSTOM images such as 16-bit PNGs).
        BufferedImage rgb = JpegEncoder.toOpaqueRgb(decoded);
        // read after decoding here: an input the decoder rejects never reaches metadata-extractor
        BufferedImage oriented = ExifOrientation.apply(rgb,
                metadata != null ? metadata : ExifOrientation.read(input, format));
        byte[] jpeg = encoder.encode(oriented);
        return new CompressedImage(jpeg, oriented.getWidth(), oriented.getHeight(), format);
    }

    /** Returns {@code null} when libjpeg-turbo leaves this JPEG to the ImageIO path. */
    private CompressedImage compressWithTurbo(byte[] input, ImageMetadata metadata) {
        if (!ExifOrientation.requiresTurning(metadata)) {
            try (TurboJpegCodec.NativePixels pixels = turbo.decodeForReencoding(input, maxPixels)) {
                return pixels == null ? null
                        : new CompressedImage(turbo.encode(pixels), pixels.width, pixels.height, ImageFormat.JPEG);
            }
        }
        try (TurboJpegCodec.NativePixels pixels = turbo.decode(input, maxPixels)) {
            if (pixels == null) {
                return null;
            }
            BufferedImage stored = pixels.toBufferedImage();
            pixels.close(); // free the native copy before the rotated heap copy is made
            BufferedImage oriented = ExifOrientation.apply(stored, metadata);
            return new CompressedImage(turbo.encode(oriented), oriented.getWidth(), oriented.getHeight(),
                    ImageFormat.JPEG);
        }
    }

    /** The configured JPEG quality, 1..100. */
    public int quality() {
        return quality;
    }

    /** The configured pixel limit (width * height). */
    public long maxPixels() {
        return maxPixels;
    }

    private static ImageFormat detectOrReject(byte[] input) {
        if (input == null || input.length == 0) {
            throw new ImageRejectedException(ImageRejectedException.NOT_AN_IMAGE, "body is empty");
        }
        ImageFormat format = ImageFormat.detect(input);
        if (format != null) {
            return format;
        }
        String unsupported = ImageFormat.unsupportedFormatName(input);
        if (unsupported != null) {
            throw new ImageRejectedException(ImageRejectedException.UNSUPPORTED_FORMAT,
                    unsupported + " images are not supported");
        }
        throw new ImageRejectedException(ImageRejectedException.NOT_AN_IMAGE,
                "unrecognised content (" + input.length + " bytes), not a JPEG/PNG/GIF/WebP/BMP/TIFF image");
    }
}
