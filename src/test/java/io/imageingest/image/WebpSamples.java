package io.imageingest.image;

import java.util.Base64;

/**
 * Tiny WebP files. TwelveMonkeys can only read WebP, so these were made once with libwebp's
 * {@code cwebp} 1.2.4 (Debian package {@code webp}) from PNGs generated with ImageIO:
 * <ul>
 *   <li>{@code alpha.png}: 24x16 TYPE_INT_ARGB, x &lt; 12 opaque #0000FF, the rest fully transparent;</li>
 *   <li>{@code green.png}: 32x16 TYPE_INT_RGB, solid #20B040.</li>
 * </ul>
 * and then {@code base64 -w0}.
 */
final class WebpSamples {

    /** {@code cwebp -lossless -exact alpha.png}: RIFF/WEBP with a single VP8L chunk (alpha inside). */
    static final byte[] LOSSLESS_BLUE_LEFT_TRANSPARENT_RIGHT_24x16 = Base64.getDecoder().decode(
            "UklGRiYAAABXRUJQVlA4TBkAAAAvF8ADEA8QMf/zHwwhAeGB/2t1CyL6H8kMAA==");

    /** {@code cwebp -q 80 green.png}: simple lossy format, a single VP8 chunk. */
    static final byte[] LOSSY_GREEN_32x16 = Base64.getDecoder().decode(
            "UklGRkQAAABXRUJQVlA4IDgAAADwAgCdASogABAAPm0skkWkIqGYBABABsSgC1FoAAnXAAD+0Mr/wG6+LXL//Rh/+GH/4Yf3mMwAAA==");

    /** {@code cwebp -q 80 alpha.png}: extended format, VP8X + ALPH + VP8 chunks. */
    static final byte[] LOSSY_BLUE_LEFT_TRANSPARENT_RIGHT_24x16 = Base64.getDecoder().decode(
            "UklGRoYAAABXRUJQVlA4WAoAAAAQAAAAFwAADwAAQUxQSBQAAAABDzD/ERFCSEB44P9a3YKI/kcyA1ZQOCBMAAAAMAMAnQEqGAAQAD5tLJJF"
                    + "pCKhmAQAQAbEoAnTKBr/4FbwAAD++R3b/5Af/+LD/xpY+L///kB/zb/+NLHxf/r28J8pKhLqf/aq3hSAAA==");

    private WebpSamples() {
    }
}
