package io.imageingest.image;

/**
 * A cursor over the marker segments of a JPEG, from after SOI up to the first scan, reading no
 * entropy-coded data. Fill bytes and the standalone markers (TEM, RST0-7, SOI) are skipped. Shared
 * by the header scan that routes JPEGs to a codec ({@link JpegHeader}) and the quick orientation check
 * ({@link ExifOrientation#surelyUpright}). Not thread-safe; one walk per instance.
 */
final class JpegSegments {

    static final int SOS = 0xDA;
    static final int EOI = 0xD9;

    private final byte[] jpeg;
    private int pos = 2;
    private int marker;
    private int start;
    private int end;

    JpegSegments(byte[] jpeg) {
        this.jpeg = jpeg;
    }

    /**
     * Moves to the next marker: a segment from {@link #start()} (its {@code FF}) to {@link #end()} as its
     * length declares (which may lie beyond the data), or {@link #SOS} / {@link #EOI}, after which the walk
     * is over.
     *
     * @return false when the bytes end or go astray (no {@code FF}, a length below 2) before a marker
     */
    boolean next() {
        while (pos + 4 <= jpeg.length) {
            if ((jpeg[pos] & 0xFF) != 0xFF) {
                return false;
            }
            int code = jpeg[pos + 1] & 0xFF;
            if (code == 0xFF) {
                pos++; // fill byte
                continue;
            }
            if (code == 0x01 || code >= 0xD0 && code <= 0xD8) {
                pos += 2; // standalone markers have no length
                continue;
            }
            marker = code;
            start = pos;
            if (code == SOS || code == EOI) {
                end = pos + 2;
                pos = jpeg.length; // nothing after the first scan is a header segment
                return true;
            }
            int length = u16(jpeg, pos + 2);
            if (length < 2) {
                return false;
            }
            end = pos + 2 + length;
            pos = end;
            return true;
        }
        return false;
    }

    /** The second byte of the current marker, e.g. {@code 0xE1} for APP1. */
    int marker() {
        return marker;
    }

    /** Offset of the current marker's {@code FF}. */
    int start() {
        return start;
    }

    /** Offset just after the current segment, as its length declares. */
    int end() {
        return end;
    }

    static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
        if (offset < 0 || offset + prefix.length > bytes.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Big-endian, as every JPEG marker length. */
    static int u16(byte[] b, int pos) {
        return (b[pos] & 0xFF) << 8 | (b[pos + 1] & 0xFF);
    }
}
