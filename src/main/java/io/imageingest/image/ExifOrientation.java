package io.imageingest.image;

import com.sksamuel.scrimage.ImmutableImage;
import com.sksamuel.scrimage.metadata.ImageMetadata;
import com.sksamuel.scrimage.metadata.OrientationTools;
import java.awt.image.BufferedImage;

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

    private ExifOrientation() {
    }

    /** The input's metadata when its format can carry EXIF; empty metadata otherwise or when unreadable. */
    static ImageMetadata read(byte[] input, ImageFormat format) {
        if (format != ImageFormat.JPEG && format != ImageFormat.WEBP && format != ImageFormat.TIFF) {
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
