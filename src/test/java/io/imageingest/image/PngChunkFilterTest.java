package io.imageingest.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PngChunkFilterTest {

    @Test
    void dropsTextAndProfileChunksButKeepsEverythingThatDefinesPixels() {
        byte[] png = palettePngWithTransparentRightHalf();
        png = CraftedBytes.insertPngChunkAfterIhdr(png, "zTXt", CraftedBytes.zTxtBomb(16 << 20));
        png = CraftedBytes.insertPngChunkAfterIhdr(png, "tEXt", "Title\0shoe".getBytes(StandardCharsets.ISO_8859_1));
        png = CraftedBytes.insertPngChunkAfterIhdr(png, "iCCP", CraftedBytes.zTxtBomb(1024));
        assertThat(CraftedBytes.pngChunkTypes(png)).contains("zTXt", "tEXt", "iCCP", "PLTE", "tRNS");

        byte[] filtered = PngChunkFilter.keepPixelChunks(png);

        assertThat(CraftedBytes.pngChunkTypes(filtered)).containsExactly("IHDR", "PLTE", "tRNS", "IDAT", "IEND");
        BufferedImage before = TestImages.decode(png);
        BufferedImage after = TestImages.decode(filtered);
        assertThat(after.getRGB(0, 0)).isEqualTo(before.getRGB(0, 0));
        assertThat(after.getRGB(7, 0) >>> 24).as("alpha of the transparent index").isZero();
    }

    @Test
    void returnsTheSameArrayWhenThereIsNothingToDrop() {
        byte[] png = palettePngWithTransparentRightHalf();

        assertThat(PngChunkFilter.keepPixelChunks(png)).isSameAs(png);
    }

    @Test
    void keepsATruncatedTailSoTheDecoderCanReportIt() {
        byte[] png = CraftedBytes.insertPngChunkAfterIhdr(palettePngWithTransparentRightHalf(), "tEXt", new byte[10]);
        byte[] truncated = Arrays.copyOf(png, png.length - 20);

        byte[] filtered = PngChunkFilter.keepPixelChunks(truncated);

        assertThat(filtered.length).isEqualTo(truncated.length - (12 + 10));
    }

    @Test
    void compressorDecodesAPalettePngThatCarriesAZtxtBomb() {
        byte[] png = CraftedBytes.insertPngChunkAfterIhdr(
                palettePngWithTransparentRightHalf(), "zTXt", CraftedBytes.zTxtBomb(64 << 20));

        CompressedImage result = new ImageCompressor(50, 1_000_000).compress(png);

        BufferedImage out = TestImages.decode(result.bytes());
        TestImages.assertColour(out, 1, 4, TestImages.RED, 40);
        TestImages.assertColour(out, 6, 4, TestImages.WHITE, 20);
    }

    static byte[] palettePngWithTransparentRightHalf() {
        return TestImages.encode(palettePngImage(), "png");
    }

    /** 8x8 indexed image: left half red, right half the transparent palette entry. */
    static BufferedImage palettePngImage() {
        IndexColorModel palette = new IndexColorModel(8, 2,
                new byte[] {(byte) 255, 0}, new byte[] {0, 0}, new byte[] {0, 0}, 1);
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_INDEXED, palette);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                image.getRaster().setSample(x, y, 0, x < 4 ? 0 : 1);
            }
        }
        return image;
    }
}
