package io.imageingest.worker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImagePropertiesTest {

    private static final long GB = 1L << 30;

    @Test
    void keepsConfiguredConcurrencyWhenDecodesAtThePixelLimitFitTheHeap() {
        ImageProperties props = new ImageProperties(50, 50_000_000, 4);
        assertThat(props.effectiveCompressConcurrency(8 * GB)).isEqualTo(4);
    }

    @Test
    void lowersConcurrencySoThatMaximalImagesFitInTheHeap() {
        ImageProperties props = new ImageProperties(50, 50_000_000, 8);
        // 550 MB per maximal image, 60% of 2 GB = 1.2 GB: two fit
        assertThat(props.effectiveCompressConcurrency(2 * GB)).isEqualTo(2);
    }

    @Test
    void neverGoesBelowOne() {
        ImageProperties props = new ImageProperties(50, 50_000_000, 8);
        assertThat(props.effectiveCompressConcurrency(256L << 20)).isEqualTo(1);
    }
}
