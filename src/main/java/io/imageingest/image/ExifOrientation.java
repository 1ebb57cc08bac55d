package io.imageingest.image;

import com.sksamuel.scrimage.ImmutableImage;
import com.sksamuel.scrimage.metadata.ImageMetadata;
import com.sksamuel.scrimage.metadata.OrientationTools;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;

/**
 * EXIF orientation, read and applied through scrimage (IFD0 tag 0x0112, parsed by metadata-extractor).
 *
 * <p>Decoders ignore the tag, but cameras and phones store portrait shots as landscape pixels plus
 * an Orientation tag, and browsers honour it. Broken metadata must not reject an otherwise
 * decodable image, so any failure means "no rotation". PNG is skipped on purpose:
 * metadata-extractor inflates its text chunks without a bound (see {@link PngChunkFilter}) and PNG
 * eXIf orientation is vanishingly rare; GIF and BMP have no EXIF.
 */
final class ExifOrientation {

    private static final byte[] EXIF_SIGNATURE = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final int ORIENTATION_TAG = 0x0112;
    private static final int TYPE_SHORT = 3;

    private ExifOrientation() {
    }

    /**
     * Whether a JPEG surely needs no turn, told by a walk over its segments instead of a full metadata read
     * (which parses every directory, XMP included, and costs milliseconds per photo): no Exif APP1 segment
     * before the first scan, or exactly one whose IFD0 holds no Orientation tag or Orientation 1, the only
     * places {@link #requiresTurning} looks. Anything else (another value, several Exif segments, a
     * structure this walk does not follow) answers {@code false}: the caller then reads the metadata.
     */
    static boolean surelyUpright(byte[] jpeg) {
        int exifSegments = 0;
        boolean upright = true;
        JpegSegments segments = new JpegSegments(jpeg);
        while (segments.next()) {
            int marker = segments.marker();
            if (marker == JpegSegments.SOS || marker == JpegSegments.EOI) {
                return exifSegments <= 1 && upright;
            }
            int payload = segments.start() + 4;
            int end = segments.end();
            if (end > jpeg.length) {
                return false;
            }
            if (marker == 0xE1 && payload + EXIF_SIGNATURE.length <= end
                    && JpegSegments.startsWith(jpeg, payload, EXIF_SIGNATURE)) {
                exifSegments++;
                upright &= ifd0Upright(jpeg, payload + EXIF_SIGNATURE.length, end);
            }
        }
        return false;
    }

    /** IFD0 of the TIFF structure at {@code tiff} has no Orientation entry, or exactly one SHORT entry of 1. */
    private static boolean ifd0Upright(byte[] b, int tiff, int end) {
        if (tiff + 8 > end) {
            return false;
        }
        boolean little;
        if (b[tiff] == 'I' && b[tiff + 1] == 'I') {
            little = true;
        } else if (b[tiff] == 'M' && b[tiff + 1] == 'M') {
            little = false;
        } else {
            return false;
        }
        long ifd = u32(b, tiff + 4, little);
        if (u16(b, tiff + 2, little) != 42 || ifd < 8 || tiff + ifd + 2 > end) {
            return false;
        }
        int entries = tiff + (int) ifd;
        int count = u16(b, entries, little);
        if (entries + 2 + 12L * count > end) {
            return false;
        }
        int orientations = 0;
        boolean one = false;
        for (int i = 0; i < count; i++) {
            int entry = entries + 2 + 12 * i;
            if (u16(b, entry, little) == ORIENTATION_TAG) {
                orientations++;
                one = u16(b, entry + 2, little) == TYPE_SHORT && u32(b, entry + 4, little) == 1
                        && u16(b, entry + 8, little) == 1;
            }
        }
        return orientations == 0 || orientations == 1 && one;
    }

    private static int u16(byte[] b, int pos, boolean little) {
        int first = b[pos] & 0xFF;
        int second = b[pos + 1] & 0xFF;
        return little ? second << 8 | first : first << 8 | second;
    }

    private static long u32(byte[] b, int pos, boolean little) {
        long high = u16(b, little ? pos + 2 : pos, little);
        long low = u16(b, little ? pos : pos + 2, little);
        return high << 16 | low;
    }

    /**
     * The input's metadata as far as orientation goes: empty when its format cannot carry EXIF, when it is
     * unreadable, or when a JPEG is {@link #surelyUpright}; otherwise the full read.
     */
    static ImageMetadata read(byte[] input, ImageFormat format) {
        if (format != ImageFormat.JPEG && format != ImageFormat.WEBP && format != ImageFormat.TIFF
                || format == ImageFormat.JPEG && surelyUpright(input)) {
            return ImageMetadata.empty;
        }
        try {
            return ImageMetadata.fromBytes(input);
        } catch (Exception e) {
            return ImageMetadata.empty;
        }
    }

    /** Whether the metadata asks for anything other than the pixels as stored. */
    static boolean requiresTurning(ImageMetadata metadata) {
        try {
            return Boolean.TRUE.equals(OrientationTools.requiresReorientation(metadata));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Performs the rotation/flip the metadata asks for; returns the image unchanged when none or on failure. */
    static BufferedImage apply(BufferedImage rgb, ImageMetadata metadata) {
        try {
            return OrientationTools.reorient(ImmutableImage.wrapAwt(rgb), metadata).awt();
        } catch (RuntimeException e) {
            return rgb;
        }
    }
}
