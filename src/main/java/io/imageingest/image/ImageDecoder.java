package io.imageingest.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes the first frame of an image with a fresh ImageIO reader, after checking the pixel count
 * declared in its header.
 *
 * <p>We drive the ImageIO reader ourselves rather than going through scrimage's loader because we
 * need three things it does not expose: the header dimensions before any pixel allocation (bomb
 * guard), the reader's warnings (a truncated JPEG decodes "successfully" with a grey bottom and
 * only a warning), and a purely in-memory stream ({@code ImageIO.createImageInputStream} may spill
 * to a temp file). The reader registry prefers TwelveMonkeys for JPEG, which handles CMYK/YCCK
 * and embedded ICC profiles, and provides WebP.
 */
final class ImageDecoder {

    private final long maxPixels;

    ImageDecoder(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    /** Returns the decoded first frame in whatever raster layout the plugin produced. */
    BufferedImage decode(byte[] bytes, ImageFormat format) {
        ImageReader reader = readerFor(format);
        TruncationWarnings warnings = new TruncationWarnings();
        byte[] data = format == ImageFormat.PNG ? PngChunkFilter.keepPixelChunks(bytes) : bytes;
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            // ignoreMetadata: we only want pixels, and metadata parsing is where unbounded
            // allocations hide (compressed text chunks). Colour-relevant data (ICC, Adobe marker,
            // tRNS, GIF transparency) is still honoured by the readers, verified in the tests.
            reader.setInput(in, false, true);
            checkPixelLimit(reader.getWidth(0), reader.getHeight(0), maxPixels);
            reader.addIIOReadWarningListener(warnings);
            BufferedImage image = reader.read(0);
            if (warnings.truncated != null) {
                throw new ImageRejectedException(ImageRejectedException.DECODE_ERROR,
                        format + " data is truncated: " + warnings.truncated);
            }
            return image;
        } catch (ImageRejectedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Plugins signal corrupt input with IIOException, but also with IndexOutOfBounds,
            // IllegalArgument, NegativeArraySize, ... so every failure here is the input's fault.
            throw new ImageRejectedException(ImageRejectedException.DECODE_ERROR,
                    "cannot decode " + format + ": " + e, e);
        } finally {
            reader.dispose(); // frees native libjpeg state immediately instead of at finalization
        }
    }

    private static ImageReader readerFor(ImageFormat format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(format.mediaType());
        if (!readers.hasNext()) {
            throw new ImageRejectedException(ImageRejectedException.UNSUPPORTED_FORMAT,
                    "no decoder available for " + format);
        }
        return readers.next(); // a new instance per call: ImageReaders are not thread-safe
    }

    /** Shared by every decode path, so a bomb is refused with the same reason and message whichever codec runs. */
    static void checkPixelLimit(int width, int height, long maxPixels) {
        if (width <= 0 || height <= 0) {
            throw new ImageRejectedException(ImageRejectedException.DECODE_ERROR,
                    "image header declares invalid dimensions " + width + "x" + height);
        }
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw new ImageRejectedException(ImageRejectedException.TOO_MANY_PIXELS, String.format(Locale.ROOT,
                    "image is %dx%d = %.1f MP, limit is %.1f MP", width, height, pixels / 1e6, maxPixels / 1e6));
        }
    }

    /**
     * libjpeg reports missing scan data only as a warning ("premature end of data segment",
     * "Premature end of JPEG file") and fills the rest with grey; we treat that as corrupt. A bare
     * "Missing EOI marker" is tolerated because all pixel data was present.
     */
    private static final class TruncationWarnings implements IIOReadWarningListener {
        private String truncated;

        @Override
        public void warningOccurred(ImageReader source, String warning) {
            if (truncated == null && warning != null
                    && warning.toLowerCase(Locale.ROOT).contains("premature end")) {
                truncated = warning;
            }
        }
    }
}
