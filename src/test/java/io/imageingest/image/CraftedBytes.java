package io.imageingest.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Hand-built JPEG marker segments and PNG chunks, for test inputs that encoders will not produce. */
public final class CraftedBytes {

    private CraftedBytes() {
    }

    /** Inserts a complete marker segment right after SOI (FF D8), where cameras put EXIF. */
    public static byte[] insertAfterSoi(byte[] jpeg, byte[] segment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + segment.length);
        out.write(jpeg, 0, 2);
        out.write(segment, 0, segment.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /**
     * APP1 "Exif" segment: big-endian TIFF header, then IFD0 with a single entry, Orientation
     * (tag 0x0112, type SHORT, count 1), and no next IFD.
     */
    public static byte[] exifApp1(int orientation) {
        byte[] tiff = {
            'M', 'M', 0, 42, 0, 0, 0, 8,             // byte order, magic, offset of IFD0
            0, 1,                                    // one directory entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1,            // tag 0x0112, SHORT, count 1
            0, (byte) orientation, 0, 0,             // value, left-justified in the 4-byte field
            0, 0, 0, 0};                             // no IFD1
        byte[] header = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
        return segment(0xE1, concat(header, tiff));
    }

    /** APP14 "Adobe" segment: version 100, no flags, the given colour transform. */
    static byte[] adobeApp14(int transform) {
        byte[] payload = {'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, (byte) transform};
        return segment(0xEE, payload);
    }

    /** APP2 "ICC_PROFILE" segment carrying a whole (small) profile as chunk 1 of 1. */
    static byte[] iccApp2(byte[] profile) {
        byte[] header = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);
        return segment(0xE2, concat(concat(header, new byte[] {1, 1}), profile));
    }

    /** Marker codes (second byte) of all segments before the first SOS. */
    static List<Integer> markersBeforeScan(byte[] jpeg) {
        List<Integer> markers = new ArrayList<>();
        int pos = 2;
        while (pos + 4 <= jpeg.length && (jpeg[pos] & 0xFF) == 0xFF) {
            int marker = jpeg[pos + 1] & 0xFF;
            markers.add(marker);
            if (marker == 0xDA) {
                break;
            }
            pos += 2 + ((jpeg[pos + 2] & 0xFF) << 8 | (jpeg[pos + 3] & 0xFF));
        }
        return markers;
    }

    /**
     * The JPEG with the width and height in its frame header (SOF) replaced, the scan data left
     * as it is: a small file that declares any size.
     */
    static byte[] withDeclaredJpegSize(byte[] jpeg, int width, int height) {
        byte[] patched = jpeg.clone();
        int sof = segmentOffset(jpeg, 0xC0, 0xC2);
        patched[sof + 5] = (byte) (height >> 8);
        patched[sof + 6] = (byte) height;
        patched[sof + 7] = (byte) (width >> 8);
        patched[sof + 8] = (byte) width;
        return patched;
    }

    /** Offset of the FF of the first marker segment with one of the given codes, before the first scan. */
    static int segmentOffset(byte[] jpeg, int... markers) {
        int pos = 2;
        while (pos + 4 <= jpeg.length && (jpeg[pos] & 0xFF) == 0xFF) {
            int marker = jpeg[pos + 1] & 0xFF;
            for (int wanted : markers) {
                if (marker == wanted) {
                    return pos;
                }
            }
            if (marker == 0xDA) {
                break;
            }
            pos += 2 + ((jpeg[pos + 2] & 0xFF) << 8 | (jpeg[pos + 3] & 0xFF));
        }
        throw new IllegalArgumentException("no such marker segment before the scan");
    }

    /**
     * A PNG whose IHDR declares the given size (8-bit RGB) followed by a tiny valid IDAT; all
     * CRCs are correct, so only the pixel-count check can stop it from being decoded.
     */
    public static byte[] pngWithDeclaredSize(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        byte[] ihdr = {
            (byte) (width >>> 24), (byte) (width >>> 16), (byte) (width >>> 8), (byte) width,
            (byte) (height >>> 24), (byte) (height >>> 16), (byte) (height >>> 8), (byte) height,
            8, 2, 0, 0, 0};                          // bit depth 8, colour type RGB, no interlace
        out.writeBytes(pngChunk("IHDR", ihdr));
        out.writeBytes(pngChunk("IDAT", deflate(new byte[64])));
        out.writeBytes(pngChunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    /** Inserts a chunk right after IHDR (signature 8 bytes + IHDR chunk 25 bytes). */
    static byte[] insertPngChunkAfterIhdr(byte[] png, String type, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, 33);
        out.writeBytes(pngChunk(type, data));
        out.write(png, 33, png.length - 33);
        return out.toByteArray();
    }

    /** zTXt payload: keyword, NUL, compression method 0, then zlib data inflating to {@code size} zero bytes. */
    static byte[] zTxtBomb(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("Comment".getBytes(StandardCharsets.ISO_8859_1));
        out.write(0);
        out.write(0);
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(new byte[size]);
        deflater.finish();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    static List<String> pngChunkTypes(byte[] png) {
        List<String> types = new ArrayList<>();
        int pos = 8;
        while (pos + 12 <= png.length) {
            int length = (png[pos] & 0xFF) << 24 | (png[pos + 1] & 0xFF) << 16
                    | (png[pos + 2] & 0xFF) << 8 | (png[pos + 3] & 0xFF);
            types.add(new String(png, pos + 4, 4, StandardCharsets.ISO_8859_1));
            pos += 12 + length;
        }
        return types;
    }

    static byte[] pngChunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(int32(data.length));
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(int32((int) crc.getValue()));
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        byte[] buffer = new byte[256];
        int length = deflater.deflate(buffer);
        deflater.end();
        return java.util.Arrays.copyOf(buffer, length);
    }

    private static byte[] segment(int marker, byte[] payload) {
        int length = payload.length + 2; // the length field counts itself
        return concat(new byte[] {(byte) 0xFF, (byte) marker, (byte) (length >> 8), (byte) length}, payload);
    }

    private static byte[] int32(int value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] result = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }
}
