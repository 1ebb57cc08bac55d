package io.imageingest.support;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;

import javax.imageio.ImageIO;

import io.imageingest.image.CraftedBytes;

/** Images generated for tests: photo-like content so that JPEG sizes behave as with real photos. */
public final class TestImages {

    private TestImages() {
    }

    /** A noisy gradient, {@code width x height}, as a high-quality JPEG. */
    public static byte[] jpeg(int width, int height, long seed) {
        return encode(photoLike(width, height, seed), "jpg");
    }

    /** The same kind of picture as a PNG. */
    public static byte[] png(int width, int height, long seed) {
        return encode(photoLike(width, height, seed), "png");
    }

    /** The same kind of picture as a GIF (palette-reduced by the JDK encoder). */
    public static byte[] gif(int width, int height, long seed) {
        return encode(photoLike(width, height, seed), "gif");
    }

    /** A JPEG whose EXIF Orientation tag says how to turn it for display (6: 90° clockwise). */
    public static byte[] jpegWithOrientation(int width, int height, int orientation) {
        return CraftedBytes.insertAfterSoi(jpeg(width, height, 7), CraftedBytes.exifApp1(orientation));
    }

    public static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new IllegalArgumentException("not decodable");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage photoLike(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(30, 90, 160), width, height, new Color(220, 180, 60)));
        g.fillRect(0, 0, width, height);
        g.dispose();
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = image.getRGB(x, y);
                int noise = random.nextInt(41) - 20;
                int r = clamp(((rgb >> 16) & 0xff) + noise);
                int gr = clamp(((rgb >> 8) & 0xff) + noise);
                int b = clamp((rgb & 0xff) + noise);
                image.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        return image;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
