package io.imageingest.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Normalises decoded pixels to opaque 8-bit sRGB and writes them as a metadata-free baseline JPEG. */
final class JpegEncoder implements JpegWriter {

    private static final String JDK_JPEG_WRITER = "com.sun.imageio.plugins.jpeg.JPEGImageWriter";

    private final float quality;

    JpegEncoder(int quality) {
        this.quality = quality / 100f;
    }

    /**
     * Converts any decoded layout (grey, indexed, 16-bit, alpha) to {@code TYPE_INT_RGB}, the one
     * layout the JPEG writer encodes as plain YCbCr. Transparent areas are composited onto white
     * because product images with alpha are meant to be shown on a white page, and JPEG has no
     * alpha channel. Java2D's blit loops copy grey values as-is (no linear-gamma conversion).
     */
    static BufferedImage toOpaqueRgb(BufferedImage src) {
        if (src.getType() == BufferedImage.TYPE_INT_RGB) {
            return src;
        }
        BufferedImage dst = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dst.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, dst.getWidth(), dst.getHeight());
            g.drawImage(src, 0, 0, null);
        } finally {
            g.dispose();
        }
        return dst;
    }

    /** Passing no metadata means only a JFIF APP0 header is written; the JDK writer's default is 4:2:0. */
    @Override
    public byte[] encode(BufferedImage image) {
        BufferedImage rgb = toOpaqueRgb(image);
        ImageWriter writer = jpegWriter();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            param.setProgressiveMode(ImageWriteParam.MODE_DISABLED);
            if (param instanceof JPEGImageWriteParam jpegParam) {
                // Still baseline (SOF0); per-image Huffman tables typically save a few percent.
                jpegParam.setOptimizeHuffmanTables(true);
            }
            // Quality-50 output is usually well under 1 byte per 8 pixels; pre-size to avoid regrowth.
            long expected = (long) rgb.getWidth() * rgb.getHeight() / 8;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.max(1024, Math.min(expected, 16 << 20)));
            try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(rgb, null, null), param);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            // Only an in-memory sink is involved, so this is a bug or environment problem, not bad input.
            throw new UncheckedIOException("JPEG encoding failed", e);
        } finally {
            writer.dispose();
        }
    }

    /**
     * Prefers the JDK's libjpeg-based writer: TwelveMonkeys registers a wrapper ahead of it that
     * adds nothing for RGB output, and the JDK param type exposes Huffman optimisation directly.
     */
    private static ImageWriter jpegWriter() {
        ImageWriter first = null;
        for (Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext(); ) {
            ImageWriter candidate = it.next();
            if (JDK_JPEG_WRITER.equals(candidate.getClass().getName())) {
                if (first != null) {
                    first.dispose();
                }
                return candidate;
            }
            if (first == null) {
                first = candidate;
            } else {
                candidate.dispose();
            }
        }
        if (first == null) {
            throw new IllegalStateException("no ImageIO JPEG writer available");
        }
        return first;
    }
}
