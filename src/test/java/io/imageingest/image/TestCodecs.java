package io.imageingest.image;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Builds compressors for one codec; tests of the libjpeg-turbo path are skipped where it is not installed. */
final class TestCodecs {

    private TestCodecs() {
    }

    static boolean turboAvailable() {
        return TurboJpegCodec.ifAvailable(50) != null;
    }

    static void assumeTurbo() {
        assumeTrue(turboAvailable(), () -> "libjpeg-turbo not installed: " + TurboJpegCodec.unavailableReason());
    }

    static ImageCompressor compressor(ImageCodec codec, int quality, long maxPixels) {
        if (codec != ImageCodec.JAVA) {
            assumeTurbo();
        }
        ImageCompressor compressor = new ImageCompressor(quality, maxPixels, codec);
        return compressor;
    }

    static ImageCompressor compressor(ImageCodec codec) {
        return compressor(codec, 50, 50_000_000);
    }
}
