package io.imageingest.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The libjpeg-turbo path gives the same picture as the JDK path: dimensions, orientation, fidelity, size. */
class CodecComparisonTest {

    /** Two q50 encodings of the same smooth picture agree far better than this. */
    private static final double CODECS_AGREE_DB = 35;
    /** q50 of smooth content stays well above this against the exact source. */
    private static final double FAITHFUL_TO_SOURCE_DB = 32;

    private ImageCompressor jdk;
    private ImageCompressor turbo;

    @BeforeEach
    void compressors() {
        jdk = TestCodecs.compressor(ImageCodec.JAVA);
        turbo = TestCodecs.compressor(ImageCodec.TURBO);
    }

    @Test
    void autoPicksLibjpegTurboWhenItIsInstalled() {
        assertThat(turbo.codec()).isEqualTo(ImageCodec.TURBO);
        assertThat(new ImageCompressor(50, 1_000, ImageCodec.AUTO).codec()).isEqualTo(ImageCodec.TURBO);
        assertThat(jdk.codec()).isEqualTo(ImageCodec.JAVA);
    }

    @ParameterizedTest(name = "EXIF orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyExifOrientationGivesTheSamePictureOnBothPaths(int orientation) {
        BufferedImage stored = smooth(96, 64);
        byte[] input = CraftedBytes.insertAfterSoi(TestImages.jpeg(stored, 0.95f), CraftedBytes.exifApp1(orientation));

        CompressedImage viaTurbo = turbo.compress(input);
        CompressedImage viaJava = jdk.compress(input);

        BufferedImage expected = orient(stored, orientation);
        BufferedImage turboPixels = TestImages.decode(viaTurbo.bytes());
        assertThat(viaTurbo.width()).isEqualTo(viaJava.width()).isEqualTo(expected.getWidth())
                .isEqualTo(turboPixels.getWidth());
        assertThat(viaTurbo.height()).isEqualTo(viaJava.height()).isEqualTo(expected.getHeight())
                .isEqualTo(turboPixels.getHeight());
        assertThat(psnr(turboPixels, TestImages.decode(viaJava.bytes()))).isGreaterThan(CODECS_AGREE_DB);
        assertThat(psnr(turboPixels, expected)).isGreaterThan(FAITHFUL_TO_SOURCE_DB);
        assertThat(CraftedBytes.markersBeforeScan(viaTurbo.bytes())).doesNotContain(0xE1);
    }

    @Test
    void progressiveJpegIsDecodedNativelyAndMatchesTheJdkPath() {
        BufferedImage source = smooth(120, 90);
        byte[] progressive = TestImages.progressiveJpeg(source);
        assertThat(CraftedBytes.markersBeforeScan(progressive)).contains(0xC2);

        try (TurboJpegCodec.NativePixels pixels = TurboJpegCodec.ifAvailable(50).decode(progressive, 1_000_000)) {
            assertThat(pixels).isNotNull();
        }
        BufferedImage viaTurbo = TestImages.decode(turbo.compress(progressive).bytes());
        assertThat(psnr(viaTurbo, TestImages.decode(jdk.compress(progressive).bytes()))).isGreaterThan(CODECS_AGREE_DB);
        assertThat(psnr(viaTurbo, source)).isGreaterThan(FAITHFUL_TO_SOURCE_DB);
    }

    @Test
    void outputIsABaselineJpegOfAboutTheSameSizeAsTheJdkPath() {
        for (byte[] input : List.of(
                TestImages.jpeg(TestImages.photoLike(800, 600, 11), 0.92f),
                TestImages.encode(TestImages.photoLike(640, 480, 12), "png"))) {
            byte[] viaTurbo = turbo.compress(input).bytes();
            byte[] viaJava = jdk.compress(input).bytes();

            assertThat(viaTurbo).startsWith(0xFF, 0xD8);
            assertThat(CraftedBytes.markersBeforeScan(viaTurbo)).contains(0xC0).doesNotContain(0xC2, 0xE1);
            // Same quality tables and subsampling; Huffman coding may differ by a few percent.
            assertThat((double) viaTurbo.length).isBetween(viaJava.length * 0.85, viaJava.length * 1.15);
        }
    }

    @Test
    void higherQualityGivesLargerOutputOnTheTurboPath() {
        byte[] photo = TestImages.jpeg(TestImages.photoLike(640, 480, 13), 0.95f);

        int q30 = TestCodecs.compressor(ImageCodec.TURBO, 30, 1_000_000).compress(photo).bytes().length;
        int q50 = turbo.compress(photo).bytes().length;
        int q90 = TestCodecs.compressor(ImageCodec.TURBO, 90, 1_000_000).compress(photo).bytes().length;

        assertThat(q30).isLessThan(q50);
        assertThat(q50).isLessThan(q90);
    }

    @Test
    void jpegsOutsidePlainEightBitSrgbAreLeftToTheJdkPath() {
        byte[] plain = TestImages.jpeg(TestImages.solid(16, 16, 0x808080), 0.95f);
        byte[] cmyk = TestImages.adobeFourChannelJpeg(16, 16, 0, 255, 255, 0, false);
        byte[] twelveBit = plain.clone();
        twelveBit[CraftedBytes.segmentOffset(plain, 0xC0) + 4] = 12;
        byte[] arithmetic = plain.clone();
        arithmetic[CraftedBytes.segmentOffset(plain, 0xC0) + 1] = (byte) 0xC9;
        byte[] linearIcc = CraftedBytes.insertAfterSoi(plain, CraftedBytes.iccApp2(
                ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData()));
        byte[] srgbIcc = CraftedBytes.insertAfterSoi(plain, CraftedBytes.iccApp2(
                ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData()));
        TurboJpegCodec codec = TurboJpegCodec.ifAvailable(50);

        for (byte[] input : List.of(cmyk, twelveBit, arithmetic, linearIcc)) {
            assertThat(codec.decode(input, 1_000_000)).isNull();
        }
        try (TurboJpegCodec.NativePixels pixels = codec.decode(srgbIcc, 1_000_000)) {
            assertThat(pixels).isNotNull();
        }
    }

    /** Gradients and slow waves, different in every corner, so a wrong flip shows as a large error. */
    static BufferedImage smooth(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = 30 + x * 190 / width;
                int g = 40 + y * 170 / height;
                int b = (int) (128 + 60 * Math.sin(x / 17.0) * Math.cos(y / 13.0));
                image.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return image;
    }

    /** The EXIF orientation transforms written out pixel by pixel, independent of scrimage. */
    static BufferedImage orient(BufferedImage in, int orientation) {
        int w = in.getWidth();
        int h = in.getHeight();
        boolean swap = orientation >= 5;
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                int rgb = switch (orientation) {
                    case 2 -> in.getRGB(w - 1 - x, y);
                    case 3 -> in.getRGB(w - 1 - x, h - 1 - y);
                    case 4 -> in.getRGB(x, h - 1 - y);
                    case 5 -> in.getRGB(y, x);
                    case 6 -> in.getRGB(y, h - 1 - x);
                    case 7 -> in.getRGB(w - 1 - y, h - 1 - x);
                    case 8 -> in.getRGB(w - 1 - y, x);
                    default -> in.getRGB(x, y);
                };
                out.setRGB(x, y, rgb);
            }
        }
        return out;
    }

    /** Peak signal-to-noise ratio over the R, G and B channels, in dB. */
    static double psnr(BufferedImage a, BufferedImage b) {
        assertThat(b.getWidth()).isEqualTo(a.getWidth());
        assertThat(b.getHeight()).isEqualTo(a.getHeight());
        double sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    int d = (p >> shift & 0xFF) - (q >> shift & 0xFF);
                    sum += d * d;
                }
            }
        }
        double mse = sum / (3.0 * a.getWidth() * a.getHeight());
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }
}
