package io.imageingest.image;

import java.nio.charset.StandardCharsets;

/**
 * What the marker segments before the first frame header of a JPEG say: coding process, sample
 * precision, component count and the embedded ICC profile, read without decoding anything.
 *
 * <p>Used to route only plain 8-bit Huffman-coded JPEGs in sRGB to libjpeg-turbo; everything else
 * (arithmetic, lossless, 12-bit, CMYK/YCCK, wide-gamut ICC profiles) keeps the JDK path, which has
 * colour management and decides the rejection of exotic files.
 *
 * @param sofMarker second byte of the SOF marker, e.g. {@code 0xC0} baseline, {@code 0xC2} progressive
 * @param precision bits per sample
 * @param components number of colour components in the frame
 * @param iccIsSrgbOrAbsent true when no ICC profile is embedded or its description names sRGB
 */
record JpegHeader(int sofMarker, int precision, int components, boolean iccIsSrgbOrAbsent) {

    private static final byte[] ICC_SIGNATURE = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);

    /** Baseline, extended sequential or progressive Huffman; 8-bit; grey or three-component; sRGB. */
    boolean plainEightBitSrgb() {
        boolean huffman = sofMarker == 0xC0 || sofMarker == 0xC1 || sofMarker == 0xC2;
        return huffman && precision == 8 && (components == 1 || components == 3) && iccIsSrgbOrAbsent;
    }

    /**
     * Walks the marker segments up to the first SOF.
     *
     * @return the header, or {@code null} if the bytes end or go astray before a frame header
     */
    static JpegHeader scan(byte[] jpeg) {
        Boolean srgb = null;
        JpegSegments segments = new JpegSegments(jpeg);
        while (segments.next()) {
            int marker = segments.marker();
            int pos = segments.start();
            if (marker == JpegSegments.SOS || marker == JpegSegments.EOI) {
                return null;
            }
            if (isStartOfFrame(marker)) {
                if (pos + 10 > jpeg.length) {
                    return null;
                }
                return new JpegHeader(marker, jpeg[pos + 4] & 0xFF, jpeg[pos + 9] & 0xFF, srgb == null || srgb);
            }
            if (marker == 0xE2 && JpegSegments.startsWith(jpeg, pos + 4, ICC_SIGNATURE) && srgb == null) {
                int start = pos + 4 + ICC_SIGNATURE.length + 2; // after sequence number and chunk count
                srgb = describesSrgb(jpeg, start, Math.min(jpeg.length, segments.end()));
            }
        }
        return null;
    }

    /** SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    /**
     * True when the profile is an RGB profile whose description starts with "sRGB" (as the
     * IEC 61966-2.1 profiles written by cameras, browsers and image editors do; "linear sRGB" and
     * the like do not). Any other profile, or one whose description lies beyond the first APP2
     * chunk, is left to the colour-managed JDK path.
     */
    private static boolean describesSrgb(byte[] b, int profile, int end) {
        if (profile + 132 > end || !JpegSegments.startsWith(b, profile + 16, ascii("RGB "))) {
            return false;
        }
        long tags = u32(b, profile + 128);
        for (int i = 0; i < Math.min(tags, 64); i++) {
            int entry = profile + 132 + i * 12;
            if (entry + 12 > end) {
                return false;
            }
            if (JpegSegments.startsWith(b, entry, ascii("desc"))) {
                long offset = u32(b, entry + 4);
                long size = u32(b, entry + 8);
                if (size < 12 || offset + size > end - profile) {
                    return false;
                }
                String text = descriptionText(b, profile + (int) offset, profile + (int) (offset + size));
                return text != null && text.startsWith("sRGB");
            }
        }
        return false;
    }

    /** The text of an ICC v2 'desc' (ASCII) or v4 'mluc' (first record, UTF-16BE) tag, or {@code null}. */
    private static String descriptionText(byte[] b, int tag, int end) {
        if (JpegSegments.startsWith(b, tag, ascii("desc"))) {
            long count = u32(b, tag + 8);
            int length = (int) Math.min(count, end - tag - 12);
            return new String(b, tag + 12, Math.max(0, length), StandardCharsets.ISO_8859_1);
        }
        if (JpegSegments.startsWith(b, tag, ascii("mluc")) && tag + 28 <= end && u32(b, tag + 8) > 0) {
            long length = u32(b, tag + 20);
            long offset = u32(b, tag + 24);
            if (offset + length > end - tag) {
                return null;
            }
            return new String(b, tag + (int) offset, (int) length, StandardCharsets.UTF_16BE);
        }
        return null;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static long u32(byte[] b, int pos) {
        return (long) JpegSegments.u16(b, pos) << 16 | JpegSegments.u16(b, pos + 2);
    }
}
