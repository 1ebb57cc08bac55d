package io.imageingest.image;

/**
 * Which library decodes JPEGs and encodes every output ({@code app.image.codec}).
 *
 * <p>PNG, GIF, WebP, BMP and TIFF are always decoded by ImageIO, as are JPEGs libjpeg-turbo is
 * not given (CMYK/YCCK, 12-bit, arithmetic or lossless coding, non-sRGB ICC profiles).
 */
public enum ImageCodec {
    /** libjpeg-turbo when the system library loads, otherwise the JDK's ImageIO. */
    AUTO,
    /** libjpeg-turbo; start-up fails when the library cannot be loaded. */
    TURBO,
    /** The JDK's ImageIO (with TwelveMonkeys and scrimage) only. */
    JAVA
}
