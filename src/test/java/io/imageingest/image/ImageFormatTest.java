package io.imageingest.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageFormatTest {

    @ParameterizedTest
    @CsvSource({"jpeg, JPEG", "png, PNG", "gif, GIF", "bmp, BMP", "tiff, TIFF"})
    void detectsFormatsWrittenByImageIoFromMagicBytes(String writerFormat, ImageFormat expected) {
        byte[] bytes = TestImages.encode(TestImages.solid(8, 8, TestImages.RED), writerFormat);

        assertThat(ImageFormat.detect(bytes)).isEqualTo(expected);
    }

    @Test
    void detectsWebpInAllThreeContainerFlavours() {
        assertThat(ImageFormat.detect(WebpSamples.LOSSLESS_BLUE_LEFT_TRANSPARENT_RIGHT_24x16))
                .isEqualTo(ImageFormat.WEBP);
        assertThat(ImageFormat.detect(WebpSamples.LOSSY_GREEN_32x16)).isEqualTo(ImageFormat.WEBP);
        assertThat(ImageFormat.detect(WebpSamples.LOSSY_BLUE_LEFT_TRANSPARENT_RIGHT_24x16))
                .isEqualTo(ImageFormat.WEBP);
    }

    @Test
    void detectsBigEndianTiff() {
        assertThat(ImageFormat.detect(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8})).isEqualTo(ImageFormat.TIFF);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "GIF",
        "<!DOCTYPE html><html><body>Not found</body></html>",
        "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"5\" height=\"5\"/></svg>",
        "BMW 320d product sheet, plain text that happens to start with BM",
        "RIFF....WAVEfmt ",
        "{\"error\":\"image not found\"}"})
    void returnsNullForTextAndMarkup(String text) {
        assertThat(ImageFormat.detect(text.getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void returnsNullForNullAndRandomBytes() {
        byte[] random = new byte[4096];
        new Random(42).nextBytes(random);

        assertThat(ImageFormat.detect(null)).isNull();
        assertThat(ImageFormat.detect(random)).isNull();
    }

    @Test
    void mediaTypesAreTheIanaNames() {
        assertThat(ImageFormat.JPEG.mediaType()).isEqualTo("image/jpeg");
        assertThat(ImageFormat.PNG.mediaType()).isEqualTo("image/png");
        assertThat(ImageFormat.GIF.mediaType()).isEqualTo("image/gif");
        assertThat(ImageFormat.WEBP.mediaType()).isEqualTo("image/webp");
        assertThat(ImageFormat.BMP.mediaType()).isEqualTo("image/bmp");
        assertThat(ImageFormat.TIFF.mediaType()).isEqualTo("image/tiff");
    }

    @Test
    void namesRecognisedButUndecodableFormats() {
        byte[] avif = {0, 0, 0, 0x1C, 'f', 't', 'y', 'p', 'a', 'v', 'i', 'f', 0, 0, 0, 0};
        byte[] heic = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0};
        byte[] mp4 = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 0, 0};

        assertThat(ImageFormat.detect(avif)).isNull();
        assertThat(ImageFormat.unsupportedFormatName(avif)).isEqualTo("AVIF");
        assertThat(ImageFormat.unsupportedFormatName(heic)).isEqualTo("HEIF");
        assertThat(ImageFormat.unsupportedFormatName(mp4)).isNull();
    }
}
