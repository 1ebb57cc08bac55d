package io.imageingest.image;

import java.nio.charset.StandardCharsets;

/**
 * Raster formats the ingest pipeline can decode, recognised purely from their magic bytes.
 *
 * <p>Detection deliberately ignores the URL extension and the HTTP {@code Content-Type}: both are
 * routinely wrong on product feeds (CDNs serving WebP as {@code image/jpeg}, error pages served
 * as {@code image/png}), while the leading bytes are what the decoder will actually see.
 */
public enum ImageFormat {
    JPEG("image/jpeg"),
    PNG("image/png"),
    GIF("image/gif"),
    WEBP("image/webp"),
    BMP("image/bmp"),
    TIFF("image/tiff");

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    private static final byte[] ISO_BOX_SIGNATURE_TAIL = {0x0D, 0x0A, (byte) 0x87, 0x0A};

    private final String mediaType;

    ImageFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    /** The IANA media type, e.g. {@code image/jpeg}; also used to look up the ImageIO reader. */
    public String mediaType() {
        return mediaType;
    }

    /**
     * Detects the format from the leading bytes only.
     *
     * @return the format, or {@code null} when the bytes are empty or not one of the supported
     *     raster formats (SVG, HTML, text, random data, AVIF, ...)
     */
    public static ImageFormat detect(byte[] bytes) {
        if (bytes == null || bytes.length < 4) {
            return null;
        }
        if (startsWith(bytes, 0, (byte) 0xFF, (byte) 0xD8, (byte) 0xFF)) {
            return JPEG;
        }
        if (startsWith(bytes, 0, PNG_SIGNATURE)) {
            return PNG;
        }
        if (startsWithAscii(bytes, 0, "GIF87a") || startsWithAscii(bytes, 0, "GIF89a")) {
            return GIF;
        }
        if (startsWithAscii(bytes, 0, "RIFF") && startsWithAscii(bytes, 8, "WEBP")) {
            return WEBP;
        }
        if (startsWith(bytes, 0, (byte) 'I', (byte) 'I', (byte) 42, (byte) 0)
                || startsWith(bytes, 0, (byte) 'M', (byte) 'M', (byte) 0, (byte) 42)) {
            return TIFF;
        }
        if (isBmp(bytes)) {
            return BMP;
        }
        return null;
    }

    /**
     * Names image formats we recognise but cannot decode (no ImageIO plugin on the classpath), so
     * they can be rejected as unsupported rather than as "not an image".
     *
     * @return a human-readable format name, or {@code null} if the bytes are none of those
     */
    static String unsupportedFormatName(byte[] bytes) {
        if (bytes == null || bytes.length < 12) {
            return null;
        }
        // ISO-BMFF containers: bytes 4..7 are "ftyp", followed by the major brand.
        if (startsWithAscii(bytes, 4, "ftyp")) {
            String brand = new String(bytes, 8, 4, StandardCharsets.ISO_8859_1);
            switch (brand) {
                case "avif", "avis": return "AVIF";
                case "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1": return "HEIF";
                default: return null;
            }
        }
        if (startsWith(bytes, 0, (byte) 0, (byte) 0, (byte) 0, (byte) 0x0C)
                && startsWith(bytes, 8, ISO_BOX_SIGNATURE_TAIL)) {
            if (startsWithAscii(bytes, 4, "jP  ")) {
                return "JPEG 2000";
            }
            if (startsWithAscii(bytes, 4, "JXL ")) {
                return "JPEG XL";
            }
        }
        if (startsWith(bytes, 0, (byte) 0xFF, (byte) 0x0A)) {
            return "JPEG XL"; // bare JPEG XL codestream
        }
        return null;
    }

    /**
     * "BM" alone is too weak (plain text may start with it), so also require a known DIB header
     * size at offset 14.
     */
    private static boolean isBmp(byte[] bytes) {
        if (bytes.length < 18 || !startsWithAscii(bytes, 0, "BM")) {
            return false;
        }
        int dibHeaderSize = (bytes[14] & 0xFF) | (bytes[15] & 0xFF) << 8
                | (bytes[16] & 0xFF) << 16 | (bytes[17] & 0xFF) << 24;
        return switch (dibHeaderSize) {
            case 12, 16, 40, 52, 56, 64, 108, 124 -> true;
            default -> false;
        };
    }

    private static boolean startsWithAscii(byte[] bytes, int offset, String ascii) {
        return startsWith(bytes, offset, ascii.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean startsWith(byte[] bytes, int offset, byte... prefix) {
        if (bytes.length < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
