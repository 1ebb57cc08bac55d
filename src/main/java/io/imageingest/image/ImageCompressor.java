package io.imageingest.image;

import com.sksamuel.scrimage.ImmutableImage;
import com.sksamuel.scrimage.metadata.ImageMetadata;
import com.sksamuel.scrimage.metadata.OrientationTools;
import java.awt.image.BufferedImage;
import java.io.IOException;

/**
 * Turns downloaded image bytes into a baseline JPEG at a fixed quality.
 *
 * <p>Pipeline: sniff magic bytes, reject images whose header declares more than {@code maxPixels}
 * (before any pixel memory is allocated), decode the first frame, flatten to opaque 8-bit sRGB on
 * white, apply the EXIF orientation, and re-encode without metadata.
 *
 * <p>Instances are immutable and thread-safe; {@link #compress(byte[])} is blocking and CPU-bound,
 * so reactive callers should run it on a bounded scheduler. Peak heap per call is about 7 to 11
 * bytes per pixel (decoded raster, RGB copy, rotated copy), so roughly 11 * {@code maxPixels}
 * times the concurrency must fit in the heap.
 */
public final class ImageCompressor {

    private final int quality;
    private final long maxPixels;
    private final ImageDecoder decoder;
    private final JpegEncoder encoder;

    /**
     * @param quality JPEG quality 1..100 on the IJG/libjpeg scale (50 is a common web trade-off)
     * @param maxPixels largest accepted width*height, e.g. 50_000_000
     */
    public ImageCompressor(int quality, long maxPixels) {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("quality must be within 1..100, was " + quality);
        }
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, was " + maxPixels);
        }
        this.quality = quality;
        this.maxPixels = maxPixels;
        this.decoder = new ImageDecoder(maxPixels);
        this.encoder = new JpegEncoder(quality);
    }

    /**
     * Compresses one image.
     *
     * @throws ImageRejectedException if the input is not a decodable image within the pixel limit;
     *     {@link ImageRejectedException#reason()} tells why
     */
    public CompressedImage compress(byte[] input) {
        ImageFormat format = detectOrReject(input);
        BufferedImage decoded = decoder.decode(input, format);
        // Flatten before rotating so the rotation works on a plain int raster (scrimage cannot
        // create blank copies of TYPE_CUSTOM images such as 16-bit PNGs).
        BufferedImage rgb = JpegEncoder.toOpaqueRgb(decoded);
        BufferedImage oriented = JpegEncoder.toOpaqueRgb(applyExifOrientation(rgb, input, format));
        byte[] jpeg = encoder.encode(oriented);
        return new CompressedImage(jpeg, oriented.getWidth(), oriented.getHeight(), format);
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

    /**
     * ImageIO decoders ignore EXIF orientation, but cameras and phones store portrait shots as
     * landscape pixels plus an Orientation tag, and browsers honour it. Scrimage reads the tag
     * (IFD0 0x0112, via metadata-extractor) and performs the matching rotation/flip. Broken
     * metadata must not reject an otherwise decodable image, so any failure means "no rotation".
     * PNG is skipped on purpose: metadata-extractor inflates its text chunks without a bound (see
     * {@link PngChunkFilter}) and PNG eXIf orientation is vanishingly rare; GIF and BMP have no EXIF.
     */
    private static BufferedImage applyExifOrientation(BufferedImage rgb, byte[] input, ImageFormat format) {
        if (format != ImageFormat.JPEG && format != ImageFormat.WEBP && format != ImageFormat.TIFF) {
            return rgb;
        }
        try {
            ImageMetadata metadata = ImageMetadata.fromBytes(input);
            return OrientationTools.reorient(ImmutableImage.wrapAwt(rgb), metadata).awt();
        } catch (IOException | RuntimeException e) {
            return rgb;
        }
    }
}
