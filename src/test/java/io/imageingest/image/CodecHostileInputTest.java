package io.imageingest.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Truncated, corrupt and nonsensical JPEGs get the same verdict on the libjpeg-turbo path as on the
 * JDK path, and never take the JVM down (a native crash would kill the test fork and fail the build).
 */
class CodecHostileInputTest {

    private ImageCompressor jdk;
    private ImageCompressor turbo;

    @BeforeEach
    void compressors() {
        jdk = TestCodecs.compressor(ImageCodec.JAVA);
        turbo = TestCodecs.compressor(ImageCodec.TURBO);
    }

    @Test
    void truncatedBaselineJpegsGetTheSameVerdictAtEveryLength() {
        byte[] full = TestImages.jpeg(TestImages.photoLike(160, 120, 21), 0.9f);

        for (int length = 4; length < full.length; length += Math.max(1, full.length / 40)) {
            assertSameVerdict(Arrays.copyOf(full, length), "first " + length + " of " + full.length + " bytes");
        }
    }

    @Test
    void truncatedProgressiveJpegsGetTheSameVerdictAtEveryLength() {
        byte[] full = TestImages.progressiveJpeg(TestImages.photoLike(160, 120, 22));

        for (int length = 4; length < full.length; length += Math.max(1, full.length / 40)) {
            assertSameVerdict(Arrays.copyOf(full, length), "first " + length + " of " + full.length + " bytes");
        }
    }

    @Test
    void jpegCutInsideTheScanIsRejectedAsTruncatedByLibjpegTurbo() {
        byte[] full = TestImages.jpeg(TestImages.photoLike(400, 300, 23), 0.9f);

        ImageRejectedException e = rejection(turbo, Arrays.copyOf(full, full.length * 2 / 3));

        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(ImageRejectedException.DECODE_ERROR);
        assertThat(e).hasMessageContaining("truncated");
    }

    @Test
    void corruptedBytesGetTheSameVerdictOnBothPaths() {
        byte[] clean = TestImages.jpeg(TestImages.photoLike(128, 96, 24), 0.9f);
        Random random = new Random(25);

        for (int i = 0; i < 200; i++) {
            byte[] corrupt = clean.clone();
            int flips = 1 + random.nextInt(8);
            for (int f = 0; f < flips; f++) {
                corrupt[2 + random.nextInt(corrupt.length - 2)] = (byte) random.nextInt(256);
            }
            assertSameVerdict(corrupt, "variant " + i);
        }
    }

    @Test
    void garbageAfterTheJpegSignatureIsRejectedOnBothPaths() {
        Random random = new Random(26);
        for (int i = 0; i < 20; i++) {
            byte[] garbage = new byte[3 + random.nextInt(4000)];
            random.nextBytes(garbage);
            garbage[0] = (byte) 0xFF;
            garbage[1] = (byte) 0xD8;
            garbage[2] = (byte) 0xFF;

            String verdict = assertSameVerdict(garbage, "garbage " + i);
            assertThat(verdict).as("garbage %d", i).isNotEqualTo("OK");
        }
    }

    /** Runs both paths and asserts the same outcome: both succeed with the same dimensions, or both reject alike. */
    private String assertSameVerdict(byte[] input, String what) {
        String onJdk = verdict(jdk, input);
        String onTurbo = verdict(turbo, input);
        assertThat(onTurbo).as(what).isEqualTo(onJdk);
        return onTurbo;
    }

    private static String verdict(ImageCompressor compressor, byte[] input) {
        try {
            CompressedImage out = compressor.compress(input);
            assertThat(out.bytes()).startsWith(0xFF, 0xD8);
            return "OK " + out.width() + "x" + out.height();
        } catch (ImageRejectedException e) {
            return e.reason();
        }
    }

    private static ImageRejectedException rejection(ImageCompressor compressor, byte[] input) {
        try {
            compressor.compress(input);
            return null;
        } catch (ImageRejectedException e) {
            return e;
        }
    }
}
