package io.imageingest.image;

import java.awt.image.BufferedImage;

/** Encodes decoded pixels as a metadata-free baseline JPEG, 4:2:0, at the quality it was built with. */
interface JpegWriter {

    /** Encodes any decoded image after flattening it to opaque sRGB (see {@link JpegEncoder#toOpaqueRgb}). */
    byte[] encode(BufferedImage image);
}
