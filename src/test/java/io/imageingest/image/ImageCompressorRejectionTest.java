package io.imageingest.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

@ParameterizedClass(name = "{0}")
@EnumSource(value = ImageCodec.class, names = {"JAVA", "TURBO"})
class ImageCompressorRejectionTest {

    private final ImageCodec codec;
    private final ImageCompressor compressor;

    ImageCompressorRejectionTest(ImageCodec codec) {
        this.codec = codec;
        this.compressor = TestCodecs.compressor(codec);
    }

    @Test
    void zeroBytesAreNotAnImage() {
        assertRejected(new byte[0], ImageRejectedException.NOT_AN_IMAGE);
        assertRejected(null, ImageRejectedException.NOT_AN_IMAGE);
    }

    @Test
    void randomBytesAreNotAnImage() {
        byte[] random = new byte[10_000];
        new Random(7).nextBytes(random);

        assertRejected(random, ImageRejectedException.NOT_AN_IMAGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<!doctype html><html><head><title>403 Forbidden</title></head><body>Access denied</body></html>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">"
                + "<circle cx=\"5\" cy=\"5\" r=\"4\" fill=\"red\"/></svg>",
        "<svg width=\"100\" height=\"100\"><rect width=\"100\" height=\"100\"/></svg>"})
    void htmlAndSvgAreNotAnImage(String markup) {
        assertRejected(markup.getBytes(StandardCharsets.UTF_8), ImageRejectedException.NOT_AN_IMAGE);
    }

    @Test
    void avifIsRecognisedButUnsupported() {
        byte[] avif = Arrays.copyOf(new byte[] {0, 0, 0, 0x1C, 'f', 't', 'y', 'p', 'a', 'v', 'i', 'f'}, 64);

        ImageRejectedException e = assertRejected(avif, ImageRejectedException.UNSUPPORTED_FORMAT);

        assertThat(e).hasMessageContaining("AVIF");
    }

    /**
     * Decision: a JPEG cut off mid-scan is rejected. libjpeg would "decode" it and paint the
     * missing part grey while only emitting a warning; storing that as a product image is worse
     * than a clear failure the ingest can report or retry.
     */
    @Test
    void jpegTruncatedToHalfIsRejectedAsDecodeErrorRatherThanStoredWithAGreyBottom() {
        byte[] full = TestImages.jpeg(TestImages.photoLike(400, 300, 1), 0.9f);
        byte[] firstHalf = Arrays.copyOf(full, full.length / 2);

        ImageRejectedException e = assertRejected(firstHalf, ImageRejectedException.DECODE_ERROR);

        assertThat(e).hasMessageContaining("truncated");
    }

    @Test
    void truncatedPngIsDecodeError() {
        byte[] full = TestImages.encode(TestImages.photoLike(200, 100, 2), "png");

        assertRejected(Arrays.copyOf(full, full.length / 2), ImageRejectedException.DECODE_ERROR);
    }

    @Test
    void jpegWithOnlyAHeaderIsDecodeError() {
        byte[] headerOnly = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0};

        assertRejected(headerOnly, ImageRejectedException.DECODE_ERROR);
    }

    @Test
    void pngBombDeclaring30000x30000IsRejectedFromTheHeaderWithoutDecoding() {
        byte[] bomb = CraftedBytes.pngWithDeclaredSize(30_000, 30_000);
        assertThat(bomb.length).isLessThan(200);

        // 900 MP as TYPE_3BYTE_BGR would need 2.7 GB; finishing quickly proves nothing was allocated.
        ImageRejectedException e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> catchThrowableOfType(ImageRejectedException.class, () -> compressor.compress(bomb)));

        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(ImageRejectedException.TOO_MANY_PIXELS);
        assertThat(e).hasMessage("image is 30000x30000 = 900.0 MP, limit is 50.0 MP");
    }

    @Test
    void pixelLimitIsInclusive() {
        byte[] png = TestImages.encode(TestImages.solid(100, 50, TestImages.RED), "png");

        assertThat(TestCodecs.compressor(codec, 50, 5_000).compress(png).width()).isEqualTo(100);
        ImageRejectedException e =
                assertRejected(TestCodecs.compressor(codec, 50, 4_999), png, ImageRejectedException.TOO_MANY_PIXELS);
        assertThat(e).hasMessageContaining("100x50");
    }

    @Test
    void jpegPixelLimitIsCheckedFromTheHeaderAndInclusive() {
        byte[] jpeg = TestImages.jpeg(TestImages.photoLike(100, 50, 3), 0.9f);

        assertThat(TestCodecs.compressor(codec, 50, 5_000).compress(jpeg).width()).isEqualTo(100);
        ImageRejectedException e =
                assertRejected(TestCodecs.compressor(codec, 50, 4_999), jpeg, ImageRejectedException.TOO_MANY_PIXELS);
        assertThat(e).hasMessage("image is 100x50 = 0.0 MP, limit is 0.0 MP");
    }

    @Test
    void jpegBombDeclaring60000x60000IsRejectedFromTheHeaderWithoutDecoding() {
        byte[] bomb = CraftedBytes.withDeclaredJpegSize(TestImages.jpeg(TestImages.solid(16, 16, 0x336699), 0.9f),
                60_000, 60_000);

        // 3.6 GP would need 14 GB of pixels; finishing quickly proves nothing was allocated.
        ImageRejectedException e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> catchThrowableOfType(ImageRejectedException.class, () -> compressor.compress(bomb)));

        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(ImageRejectedException.TOO_MANY_PIXELS);
        assertThat(e).hasMessage("image is 60000x60000 = 3600.0 MP, limit is 50.0 MP");
    }

    @Test
    void jpegDeclaringZeroHeightIsDecodeError() {
        byte[] zero = CraftedBytes.withDeclaredJpegSize(TestImages.jpeg(TestImages.solid(16, 16, 0x336699), 0.9f),
                16, 0);

        assertRejected(zero, ImageRejectedException.DECODE_ERROR);
    }

    @Test
    void constructorRejectsNonsensicalSettings() {
        assertThatThrownBy(() -> new ImageCompressor(0, 1, codec)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ImageCompressor(101, 1, codec)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ImageCompressor(50, 0, codec)).isInstanceOf(IllegalArgumentException.class);
    }

    private ImageRejectedException assertRejected(byte[] input, String reason) {
        return assertRejected(compressor, input, reason);
    }

    private static ImageRejectedException assertRejected(ImageCompressor compressor, byte[] input, String reason) {
        ImageRejectedException e = catchThrowableOfType(ImageRejectedException.class, () -> compressor.compress(input));
        assertThat(e).as("expected rejection %s", reason).isNotNull();
        assertThat(e.reason()).as("reason of: %s", e.getMessage()).isEqualTo(reason);
        assertThat(e.getMessage()).isNotBlank();
        return e;
    }
}
