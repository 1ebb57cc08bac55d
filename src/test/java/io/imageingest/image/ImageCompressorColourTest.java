package io.imageingest.image;

import static io.imageingest.image.TestImages.BLUE;
import static io.imageingest.image.TestImages.RED;
import static io.imageingest.image.TestImages.WHITE;
import static io.imageingest.image.TestImages.assertColour;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Colour handling: CMYK/YCCK, greyscale, alpha flattening, first GIF frame, WebP. */
@ParameterizedClass(name = "{0}")
@EnumSource(value = ImageCodec.class, names = {"JAVA", "TURBO"})
class ImageCompressorColourTest {

    private final ImageCodec codec;
    private final ImageCompressor compressor;

    ImageCompressorColourTest(ImageCodec codec) {
        this.codec = codec;
        this.compressor = TestCodecs.compressor(codec);
    }

    @Test
    void cmykJpegWithAdobeMarkerComesOutInRgb() {
        // Magenta + yellow ink, no cyan or black: printed red.
        byte[] cmyk = TestImages.adobeFourChannelJpeg(32, 32, 0, 255, 255, 0, false);

        CompressedImage result = compressor.compress(cmyk);

        BufferedImage out = TestImages.decode(result.bytes());
        assertThat(result.sourceFormat()).isEqualTo(ImageFormat.JPEG);
        assertColour(out, 16, 16, 0xE02020, 40);
    }

    @Test
    void cmykJpegWithBlackInkOnlyComesOutDark() {
        byte[] cmyk = TestImages.adobeFourChannelJpeg(32, 32, 0, 0, 0, 255, false);

        BufferedImage out = TestImages.decode(compressor.compress(cmyk).bytes());

        assertColour(out, 16, 16, 0x000000, 40);
    }

    @Test
    void ycckJpegComesOutInRgb() {
        // Cyan ink only.
        byte[] ycck = TestImages.adobeFourChannelJpeg(32, 32, 255, 0, 0, 0, true);

        BufferedImage out = TestImages.decode(compressor.compress(ycck).bytes());

        assertColour(out, 16, 16, 0x00FFFF, 50);
    }

    @Test
    void jpegWithEmbeddedIccProfileIsConvertedToSrgb() {
        // Mid-grey pixel values tagged as *linear* RGB are much lighter once expressed in sRGB.
        byte[] plain = TestImages.jpeg(TestImages.solid(16, 16, 0x808080), 0.95f);
        byte[] profile = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();

        CompressedImage result = compressor.compress(CraftedBytes.insertAfterSoi(plain, CraftedBytes.iccApp2(profile)));

        assertColour(TestImages.decode(result.bytes()), 8, 8, 0xBCBCBC, 8);
    }

    @Test
    void greyscaleJpegKeepsItsGreyLevel() {
        BufferedImage grey = new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSamples(0, 0, 40, 30, 0, filled(40 * 30, 100));

        CompressedImage result = compressor.compress(TestImages.jpeg(grey, 0.95f));

        BufferedImage out = TestImages.decode(result.bytes());
        assertThat(result.width()).isEqualTo(40);
        assertThat(result.height()).isEqualTo(30);
        assertColour(out, 20, 15, 0x646464, 6);
    }

    @Test
    void transparentPngPixelsBecomeWhiteAndOpaqueRedStaysRed() {
        BufferedImage argb = new BufferedImage(48, 16, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 48; x++) {
                // Transparent *black* (a plain alpha drop would show black), opaque red, 50% black.
                argb.setRGB(x, y, x < 16 ? 0x00000000 : x < 32 ? 0xFFFF0000 : 0x80000000);
            }
        }

        BufferedImage out = TestImages.decode(compressor.compress(TestImages.encode(argb, "png")).bytes());

        assertColour(out, 8, 8, WHITE, 10);
        assertColour(out, 24, 8, RED, 30);
        assertColour(out, 40, 8, 0x7F7F7F, 12);
    }

    @Test
    void rgbPngColourKeyTransparencyBecomesWhite() {
        byte[] png = TestImages.encode(TestImages.quadrants(64, 64, RED, BLUE, BLUE, BLUE), "png");
        // tRNS for colour type 2: the 16-bit RGB sample values that are fully transparent (red).
        byte[] keyed = CraftedBytes.insertPngChunkAfterIhdr(png, "tRNS", new byte[] {0, (byte) 255, 0, 0, 0, 0});

        BufferedImage out = TestImages.decode(compressor.compress(keyed).bytes());

        assertColour(out, 16, 16, WHITE, 10);
        assertColour(out, 48, 48, BLUE, 30);
    }

    @Test
    void transparentGifPixelsBecomeWhite() {
        BufferedImage indexed = PngChunkFilterTest.palettePngImage();

        BufferedImage out = TestImages.decode(compressor.compress(TestImages.encode(indexed, "gif")).bytes());

        assertColour(out, 1, 4, RED, 40);
        assertColour(out, 6, 4, WHITE, 20);
    }

    @Test
    void animatedGifUsesOnlyTheFirstFrame() {
        byte[] gif = TestImages.animatedGif(20, 10, RED, BLUE);

        CompressedImage result = compressor.compress(gif);

        assertThat(result.sourceFormat()).isEqualTo(ImageFormat.GIF);
        assertThat(result.width()).isEqualTo(20);
        assertColour(TestImages.decode(result.bytes()), 10, 5, RED, 30);
    }

    @Test
    void losslessWebpWithAlphaIsDecodedAndFlattenedOntoWhite() {
        CompressedImage result = compressor.compress(WebpSamples.LOSSLESS_BLUE_LEFT_TRANSPARENT_RIGHT_24x16);

        assertThat(result.sourceFormat()).isEqualTo(ImageFormat.WEBP);
        assertThat(result.width()).isEqualTo(24);
        assertThat(result.height()).isEqualTo(16);
        BufferedImage out = TestImages.decode(result.bytes());
        assertColour(out, 4, 8, BLUE, 40);
        assertColour(out, 20, 8, WHITE, 20);
    }

    @Test
    void lossyWebpIsDecoded() {
        CompressedImage result = compressor.compress(WebpSamples.LOSSY_GREEN_32x16);

        assertThat(result.width()).isEqualTo(32);
        assertThat(result.height()).isEqualTo(16);
        assertColour(TestImages.decode(result.bytes()), 16, 8, 0x20B040, 30);
    }

    @Test
    void extendedLossyWebpWithAlphaChunkIsFlattenedOntoWhite() {
        CompressedImage result = compressor.compress(WebpSamples.LOSSY_BLUE_LEFT_TRANSPARENT_RIGHT_24x16);

        assertThat(result.width()).isEqualTo(24);
        BufferedImage out = TestImages.decode(result.bytes());
        assertColour(out, 4, 8, BLUE, 50);
        assertColour(out, 20, 8, WHITE, 20);
    }

    private static int[] filled(int length, int value) {
        int[] samples = new int[length];
        java.util.Arrays.fill(samples, value);
        return samples;
    }
}
