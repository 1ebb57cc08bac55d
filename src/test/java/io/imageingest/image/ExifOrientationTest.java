package io.imageingest.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.sksamuel.scrimage.metadata.ImageMetadata;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The quick upright check never says "upright" where the full metadata read asks for a turn. */
class ExifOrientationTest {

    private static final byte[] PLAIN = TestImages.jpeg(TestImages.solid(16, 8, 0x336699), 0.9f);

    @ParameterizedTest(name = "Orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void agreesWithTheFullMetadataRead(int orientation) throws Exception {
        byte[] jpeg = CraftedBytes.insertAfterSoi(PLAIN, CraftedBytes.exifApp1(orientation));

        boolean turns = ExifOrientation.requiresTurning(ImageMetadata.fromBytes(jpeg));

        assertThat(turns).isEqualTo(orientation != 1);
        assertThat(ExifOrientation.surelyUpright(jpeg)).isEqualTo(!turns);
    }

    @Test
    void aJpegWithoutExifIsUpright() throws Exception {
        assertThat(ExifOrientation.surelyUpright(PLAIN)).isTrue();
        assertThat(ExifOrientation.requiresTurning(ImageMetadata.fromBytes(PLAIN))).isFalse();
    }

    @Test
    void anythingItCannotFollowIsLeftToTheFullRead() {
        byte[] one = CraftedBytes.exifApp1(1);
        byte[] twoSegments = CraftedBytes.insertAfterSoi(CraftedBytes.insertAfterSoi(PLAIN, one), one);
        byte[] badIfdOffset = one.clone();
        badIfdOffset[4 + 6 + 7] = 100; // IFD0 beyond the segment
        byte[] badByteOrder = one.clone();
        badByteOrder[4 + 6] = 'X';
        byte[] longType = one.clone();
        longType[4 + 6 + 8 + 2 + 3] = 4; // Orientation as LONG instead of SHORT
        byte[] cutSegment = Arrays.copyOf(PLAIN, 40);

        assertThat(ExifOrientation.surelyUpright(twoSegments)).isFalse();
        for (byte[] segment : new byte[][] {badIfdOffset, badByteOrder, longType}) {
            assertThat(ExifOrientation.surelyUpright(CraftedBytes.insertAfterSoi(PLAIN, segment))).isFalse();
        }
        assertThat(ExifOrientation.surelyUpright(cutSegment)).isFalse();
    }
}
