package io.imageingest.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Properties of the produced JPEG bytes. */
@ParameterizedClass(name = "{0}")
@EnumSource(value = ImageCodec.class, names = {"JAVA", "TURBO"})
class ImageCompressorOutputTest {

    private static final int SOF0_BASELINE = 0xC0;
    private static final int SOF2_PROGRESSIVE = 0xC2;
    private static final int APP1_EXIF = 0xE1;

    private final ImageCodec codec;
    private final ImageCompressor compressor;

    ImageCompressorOutputTest(ImageCodec codec) {
        this.codec = codec;
        this.compressor = TestCodecs.compressor(codec);
    }

    @Test
    void outputIsADecodableBaselineJpegWithTheSourceDimensions() {
        byte[] png = TestImages.encode(TestImages.photoLike(300, 200, 3), "png");

        CompressedImage result = compressor.compress(png);

        assertThat(result.bytes()).startsWith(0xFF, 0xD8);
        assertThat(ImageFormat.detect(result.bytes())).isEqualTo(ImageFormat.JPEG);
        assertThat(CraftedBytes.markersBeforeScan(result.bytes()))
                .contains(SOF0_BASELINE)
                .doesNotContain(SOF2_PROGRESSIVE);
        BufferedImage decoded = TestImages.decode(result.bytes());
        assertThat(decoded.getWidth()).isEqualTo(300).isEqualTo(result.width());
        assertThat(decoded.getHeight()).isEqualTo(200).isEqualTo(result.height());
        assertThat(result.sourceFormat()).isEqualTo(ImageFormat.PNG);
    }

    @Test
    void exifFromTheInputIsStripped() {
        byte[] withExif = CraftedBytes.insertAfterSoi(
                TestImages.jpeg(TestImages.photoLike(120, 80, 4), 0.9f), CraftedBytes.exifApp1(1));
        assertThat(CraftedBytes.markersBeforeScan(withExif)).contains(APP1_EXIF);

        CompressedImage result = compressor.compress(withExif);

        assertThat(CraftedBytes.markersBeforeScan(result.bytes())).doesNotContain(APP1_EXIF);
    }

    @Test
    void quality50OutputIsSmallerThanAHighQualityPhotoInput() {
        byte[] photo = TestImages.jpeg(TestImages.photoLike(1600, 1200, 5), 0.92f);

        CompressedImage result = compressor.compress(photo);

        assertThat(result.bytes().length).isLessThan(photo.length / 2);
    }

    @Test
    void quality50OutputIsSmallerThanQuality90Output() {
        byte[] photo = TestImages.jpeg(TestImages.photoLike(800, 600, 6), 0.95f);

        int q50 = TestCodecs.compressor(codec, 50, 50_000_000).compress(photo).bytes().length;
        int q90 = TestCodecs.compressor(codec, 90, 50_000_000).compress(photo).bytes().length;

        assertThat(q50).isLessThan(q90);
    }

    @Test
    void everySupportedSourceFormatProducesJpeg() {
        BufferedImage image = TestImages.photoLike(64, 48, 7);
        for (String format : List.of("jpeg", "png", "gif", "bmp", "tiff")) {
            CompressedImage result = compressor.compress(TestImages.encode(image, format));

            assertThat(result.bytes()).as(format).startsWith(0xFF, 0xD8);
            assertThat(result.width()).as(format).isEqualTo(64);
            assertThat(result.height()).as(format).isEqualTo(48);
        }
    }

    @Test
    void concurrentCallsOnOneInstanceGiveTheSameBytesAsSequentialCalls() throws Exception {
        List<byte[]> inputs = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            inputs.add(i % 2 == 0
                    ? TestImages.jpeg(TestImages.photoLike(320, 240, i), 0.9f)
                    : TestImages.encode(TestImages.photoLike(240, 320, i), "png"));
        }
        List<byte[]> sequential = new ArrayList<>();
        for (byte[] input : inputs) {
            sequential.add(compressor.compress(input).bytes());
        }

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<byte[]>> futures = new ArrayList<>();
            for (byte[] input : inputs) {
                futures.add(pool.submit(() -> compressor.compress(input).bytes()));
            }
            for (int i = 0; i < inputs.size(); i++) {
                assertThat(futures.get(i).get()).as("input %d", i).isEqualTo(sequential.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
