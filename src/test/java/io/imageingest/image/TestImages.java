package io.imageingest.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Generates test images in memory; nothing is read from disk or the network. */
final class TestImages {

    static final int RED = 0xFF0000;
    static final int GREEN = 0x00FF00;
    static final int BLUE = 0x0000FF;
    static final int YELLOW = 0xFFFF00;
    static final int WHITE = 0xFFFFFF;

    private TestImages() {
    }

    static BufferedImage solid(int width, int height, int rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    /** Four solid quadrants, so any rotation or flip moves a known colour to a known corner. */
    static BufferedImage quadrants(int width, int height, int topLeft, int topRight, int bottomLeft, int bottomRight) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean left = x < width / 2;
                boolean top = y < height / 2;
                image.setRGB(x, y, top ? (left ? topLeft : topRight) : (left ? bottomLeft : bottomRight));
            }
        }
        return image;
    }

    /** Smooth gradients and waves plus sensor-like noise: compresses roughly like a photo. */
    static BufferedImage photoLike(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        Random noise = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double wave = Math.sin(x / 37.0) * Math.cos(y / 23.0) * 40 + Math.sin((x + y) / 91.0) * 30;
                int r = clamp(120 + x * 100 / width + (int) wave + noise.nextInt(17) - 8);
                int g = clamp(90 + y * 110 / height - (int) wave / 2 + noise.nextInt(17) - 8);
                int b = clamp(140 + (int) (wave * 0.8) + noise.nextInt(17) - 8);
                pixels[y * width + x] = r << 16 | g << 8 | b;
            }
        }
        return image;
    }

    /** Encodes with the JDK JPEG writer at an explicit quality (0..1). */
    static byte[] jpeg(BufferedImage image, float quality) {
        return jpegImage(new IIOImage(image, null, null), quality);
    }

    /** Encodes as a progressive JPEG (SOF2) with the JDK writer at its default quality. */
    static byte[] progressiveJpeg(BufferedImage image) {
        ImageWriter writer = jdkJpegWriter();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    static byte[] encode(BufferedImage image, String formatName) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            assertThat(ImageIO.write(image, formatName, out)).as("ImageIO can write " + formatName).isTrue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Writes a 4-channel raster (JDK writer, no colour transform) and splices in an Adobe APP14
     * marker so readers interpret it as CMYK (transform 0) or YCCK (transform 2). Values follow
     * the Adobe convention of storing inverted ink: 255 means no ink.
     */
    static byte[] adobeFourChannelJpeg(int width, int height, int c, int m, int y, int k, boolean ycck) {
        int[] stored = {255 - c, 255 - m, 255 - y, 255 - k};
        if (ycck) {
            // YCCK = YCbCr of the (non-inverted) CMY ink values, with K still stored inverted.
            stored = new int[] {
                clamp((int) Math.round(0.299 * c + 0.587 * m + 0.114 * y)),
                clamp((int) Math.round(128 - 0.168736 * c - 0.331264 * m + 0.5 * y)),
                clamp((int) Math.round(128 + 0.5 * c - 0.418688 * m - 0.081312 * y)),
                255 - k};
        }
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                raster.setPixel(col, row, stored);
            }
        }
        byte[] plain = jpegImage(new IIOImage(raster, null, null), 0.95f);
        return CraftedBytes.insertAfterSoi(plain, CraftedBytes.adobeApp14(ycck ? 2 : 0));
    }

    /** Two-frame GIF whose frames are solid in different colours. */
    static byte[] animatedGif(int width, int height, int firstFrameRgb, int secondFrameRgb) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            writer.writeToSequence(new IIOImage(solid(width, height, firstFrameRgb), null, null), null);
            writer.writeToSequence(new IIOImage(solid(width, height, secondFrameRgb), null, null), null);
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            assertThat(image).as("decodable image").isNotNull();
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts the pixel is within {@code tolerance} per channel of the expected RGB colour. */
    static void assertColour(BufferedImage image, int x, int y, int expectedRgb, int tolerance) {
        int actual = image.getRGB(x, y) & 0xFFFFFF;
        int maxDiff = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            maxDiff = Math.max(maxDiff, Math.abs((actual >> shift & 0xFF) - (expectedRgb >> shift & 0xFF)));
        }
        assertThat(maxDiff)
                .as("pixel (%d,%d) is #%06X, expected about #%06X", x, y, actual, expectedRgb)
                .isLessThanOrEqualTo(tolerance);
    }

    private static byte[] jpegImage(IIOImage image, float quality) {
        ImageWriter writer = jdkJpegWriter();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.setOutput(out);
            writer.write(null, image, param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** The JDK writer can write raw 4-channel rasters; TwelveMonkeys' wrapper is skipped. */
    private static ImageWriter jdkJpegWriter() {
        for (Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext(); ) {
            ImageWriter writer = it.next();
            if (writer.getClass().getName().startsWith("com.sun.")) {
                return writer;
            }
        }
        throw new IllegalStateException("JDK JPEG writer not found");
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }
}
