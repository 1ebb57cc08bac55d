package io.imageingest.image;

import static io.imageingest.image.TestImages.BLUE;
import static io.imageingest.image.TestImages.GREEN;
import static io.imageingest.image.TestImages.RED;
import static io.imageingest.image.TestImages.YELLOW;
import static io.imageingest.image.TestImages.assertColour;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The input is a 64x32 landscape JPEG with red/green top and blue/yellow bottom quadrants, plus a
 * hand-made EXIF APP1 segment. Colours are sampled at quadrant centres, away from JPEG edge ringing.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(value = ImageCodec.class, names = {"JAVA", "TURBO"})
class ImageCompressorOrientationTest {

    private static final int TOLERANCE = 40;

    private final ImageCodec codec;
    private final ImageCompressor compressor;

    ImageCompressorOrientationTest(ImageCodec codec) {
        this.codec = codec;
        this.compressor = TestCodecs.compressor(codec);
    }

    @Test
    void orientation6RotatesLandscapeClockwiseIntoPortrait() {
        BufferedImage out = compressWithOrientation(6);

        assertThat(out.getWidth()).isEqualTo(32);
        assertThat(out.getHeight()).isEqualTo(64);
        assertCorners(out, BLUE, RED, YELLOW, GREEN);
    }

    @Test
    void orientation8RotatesLandscapeCounterClockwiseIntoPortrait() {
        BufferedImage out = compressWithOrientation(8);

        assertThat(out.getWidth()).isEqualTo(32);
        assertThat(out.getHeight()).isEqualTo(64);
        assertCorners(out, GREEN, YELLOW, RED, BLUE);
    }

    @Test
    void orientation3RotatesBy180AndKeepsLandscape() {
        BufferedImage out = compressWithOrientation(3);

        assertThat(out.getWidth()).isEqualTo(64);
        assertThat(out.getHeight()).isEqualTo(32);
        assertCorners(out, YELLOW, BLUE, GREEN, RED);
    }

    @Test
    void orientation1LeavesPixelsAsStored() {
        BufferedImage out = compressWithOrientation(1);

        assertThat(out.getWidth()).isEqualTo(64);
        assertCorners(out, RED, GREEN, BLUE, YELLOW);
    }

    @Test
    void reportedDimensionsAreThoseAfterRotation() {
        CompressedImage result = compressor.compress(landscapeJpegWithOrientation(6));

        assertThat(result.width()).isEqualTo(32);
        assertThat(result.height()).isEqualTo(64);
        assertThat(result.sourceFormat()).isEqualTo(ImageFormat.JPEG);
    }

    @Test
    void rotatedOutputCarriesNoExifSoViewersDoNotRotateItAgain() {
        CompressedImage result = compressor.compress(landscapeJpegWithOrientation(6));

        assertThat(CraftedBytes.markersBeforeScan(result.bytes())).doesNotContain(0xE1);
    }

    private BufferedImage compressWithOrientation(int orientation) {
        return TestImages.decode(compressor.compress(landscapeJpegWithOrientation(orientation)).bytes());
    }

    private static byte[] landscapeJpegWithOrientation(int orientation) {
        BufferedImage stored = TestImages.quadrants(64, 32, RED, GREEN, BLUE, YELLOW);
        return CraftedBytes.insertAfterSoi(TestImages.jpeg(stored, 0.95f), CraftedBytes.exifApp1(orientation));
    }

    private static void assertCorners(BufferedImage image, int topLeft, int topRight, int bottomLeft, int bottomRight) {
        int left = image.getWidth() / 4;
        int right = image.getWidth() * 3 / 4;
        int top = image.getHeight() / 4;
        int bottom = image.getHeight() * 3 / 4;
        assertColour(image, left, top, topLeft, TOLERANCE);
        assertColour(image, right, top, topRight, TOLERANCE);
        assertColour(image, left, bottom, bottomLeft, TOLERANCE);
        assertColour(image, right, bottom, bottomRight, TOLERANCE);
    }
}
