package io.imageingest.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

    @ParameterizedTest(name = "subsampling {0}, {1}x{2}")
    @CsvSource({"0, 96, 64", "0, 97, 61", "1, 96, 64", "1, 97, 61", "2, 96, 64", "2, 97, 61", "2, 1, 1", "1, 1, 3"})
    void photosAreReencodedThroughTheirYuvPlanesAndMatchTheRgbPaths(int subsampling, int width, int height) {
        BufferedImage source = smooth(width, height);
        byte[] input = turboJpeg(source, subsampling, 95);
        TurboJpegCodec codec = TurboJpegCodec.ifAvailable(50);
        try (TurboJpegCodec.NativePixels planes = codec.decodeForReencoding(input, 1_000_000);
             TurboJpegCodec.NativePixels packed = codec.decode(input, 1_000_000)) {
            assertThat(planes.planar()).isTrue();
            assertThat(packed.planar()).isFalse();
            byte[] viaPlanes = codec.encode(planes);
            byte[] viaRgb = codec.encode(packed);

            BufferedImage planesPixels = TestImages.decode(viaPlanes);
            assertThat(planesPixels.getWidth()).isEqualTo(width);
            assertThat(planesPixels.getHeight()).isEqualTo(height);
            assertThat(lumaSampling(viaPlanes)).isEqualTo(0x22); // 4:2:0 whatever the input had
            if (width * height > 16) {
                assertThat(psnr(planesPixels, TestImages.decode(viaRgb))).isGreaterThan(CODECS_AGREE_DB);
                assertThat(psnr(planesPixels, TestImages.decode(jdk.compress(input).bytes())))
                        .isGreaterThan(CODECS_AGREE_DB);
                assertThat(psnr(planesPixels, source)).isGreaterThan(FAITHFUL_TO_SOURCE_DB);
                assertThat((double) viaPlanes.length).isBetween(viaRgb.length * 0.9, viaRgb.length * 1.1);
            }
        }
        // and the compressor itself takes the same route: the same bytes
        assertThat(turbo.compress(input).bytes()).isEqualTo(codec.encode(codec.decodeForReencoding(input, 1_000_000)));
    }

    @Test
    void chromaIsAveragedWithLibjpegsAlternatingBias() {
        byte[] out = new byte[3];
        YuvPlanes.average2x1(new byte[] {10, 10, (byte) 255}, new byte[] {11, 11, (byte) 254}, out);
        assertThat(out).containsExactly(10, 11, (byte) 254);
        byte[] block = new byte[2];
        // columns 0-1 and 2 (odd width: the last column is repeated)
        YuvPlanes.average2x2(new byte[] {0, 1, 100}, new byte[] {1, 1, 102}, block, 3);
        assertThat(block).containsExactly(1, 101);
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

    /** A JPEG with the given TurboJPEG chroma subsampling, written by libjpeg-turbo itself. */
    private static byte[] turboJpeg(BufferedImage image, int subsampling, int quality) {
        TurboJpeg tj = TurboJpeg.load().library();
        int width = image.getWidth();
        int height = image.getHeight();
        try (com.sun.jna.Memory pixels = new com.sun.jna.Memory(4L * width * height)) {
            pixels.write(0, image.getRGB(0, 0, width, height, null, 0, width), 0, width * height);
            com.sun.jna.Pointer handle = tj.tjInitCompress();
            com.sun.jna.ptr.PointerByReference out = new com.sun.jna.ptr.PointerByReference();
            com.sun.jna.ptr.NativeLongByReference size =
                    new com.sun.jna.ptr.NativeLongByReference(new com.sun.jna.NativeLong(0));
            try {
                assertThat(tj.tjCompress2(handle, pixels, width, 4 * width, height, TurboJpeg.INT_RGB_PIXEL_FORMAT, out,
                        size, subsampling, quality, TurboJpeg.TJFLAG_ACCURATEDCT)).isZero();
                return out.getValue().getByteArray(0, (int) size.getValue().longValue());
            } finally {
                tj.tjFree(out.getValue());
                tj.tjDestroy(handle);
            }
        }
    }

    /** The sampling factors byte of the first component (luma) in the frame header, e.g. 0x22 for 4:2:0. */
    private static int lumaSampling(byte[] jpeg) {
        int sof = CraftedBytes.segmentOffset(jpeg, 0xC0, 0xC2);
        return jpeg[sof + 11] & 0xFF;
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
