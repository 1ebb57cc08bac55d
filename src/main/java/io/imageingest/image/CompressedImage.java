package io.imageingest.image;

import java.util.Objects;

/**
 * Result of {@link ImageCompressor#compress(byte[])}: a baseline JPEG plus the dimensions it was
 * encoded at (after EXIF orientation has been applied) and the format it was decoded from.
 *
 * <p>The byte array is not copied (images can be several megabytes); callers must not mutate it.
 */
public record CompressedImage(byte[] bytes, int width, int height, ImageFormat sourceFormat) {

    public CompressedImage {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(sourceFormat, "sourceFormat");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("dimensions must be positive: " + width + "x" + height);
        }
    }
}
