package io.imageingest.image;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.util.Locale;

/**
 * JPEG decode and encode through libjpeg-turbo, with pixel buffers in native memory freed as soon
 * as each call is done (never left to the garbage collector).
 *
 * <p>Pixels are 4 bytes each, laid out like a {@code TYPE_INT_RGB} int in native byte order, so a
 * decoded image can be encoded again without conversion, or copied into a {@link BufferedImage}
 * with one bulk read when it has to be rotated; a 4:2:0, 4:2:2 or 4:4:4 JPEG that needs no turn
 * can instead go through its YUV planes ({@link #decodeForReencoding}). Every call creates and destroys its own TurboJPEG
 * handle: handles are not thread-safe, and creating one costs microseconds next to milliseconds of
 * coding, so there is no per-thread state to leak. Thread-safe.
 */
final class TurboJpegCodec implements JpegWriter {

    private static final int BYTES_PER_PIXEL = 4;

    private final TurboJpeg tj;
    private final String file;
    private final int quality;

    private TurboJpegCodec(TurboJpeg.Loaded loaded, int quality) {
        this.tj = loaded.library();
        this.file = loaded.file();
        this.quality = quality;
    }

    /** The codec, or {@code null} when the library cannot be loaded (see {@link #unavailableReason()}). */
    static TurboJpegCodec ifAvailable(int quality) {
        return Library.LOADED == null ? null : new TurboJpegCodec(Library.LOADED, quality);
    }

    /** Why the library did not load, or {@code null} if it did. */
    static String unavailableReason() {
        return Library.FAILURE;
    }

    /** The library file in use, e.g. {@code /usr/lib/x86_64-linux-gnu/libturbojpeg.so.0.2.0}. */
    String file() {
        return file;
    }

    /**
     * Decodes a JPEG into packed pixels after checking its declared size against {@code maxPixels}.
     *
     * @return the pixels (the caller closes them), or {@code null} when this codec leaves the input
     *     to the JDK path: not plain 8-bit sRGB (see {@link JpegHeader}), or an error that the JDK
     *     path should classify
     * @throws ImageRejectedException when the image is too large or truncated
     */
    NativePixels decode(byte[] jpeg, long maxPixels) {
        return decode(jpeg, maxPixels, false);
    }

    /**
     * Like {@link #decode(byte[], long)}, but a YCbCr JPEG with 4:2:0, 4:2:2 or 4:4:4 chroma (nearly every
     * photo) is decoded to its YUV planes ({@link YuvPlanes}): {@link #encode(NativePixels)} then writes
     * them as 4:2:0 without the colour conversion and chroma upsampling of an RGB round trip, which cost
     * a large part of decode plus encode and only add rounding. The output has the same size,
     * subsampling and quality tables as through RGB. Planes cannot be rotated: use
     * {@link #decode(byte[], long)} when EXIF asks for a turn.
     */
    NativePixels decodeForReencoding(byte[] jpeg, long maxPixels) {
        return decode(jpeg, maxPixels, true);
    }

    private NativePixels decode(byte[] jpeg, long maxPixels, boolean planesAllowed) {
        JpegHeader header = JpegHeader.scan(jpeg);
        if (header == null || !header.plainEightBitSrgb()) {
            return null;
        }
        // Like the JDK path's reader, end a file that lacks it with an EOI marker: a file cut
        // between progressive scans then decodes cleanly, one cut inside a scan still warns.
        boolean hasEoi = (jpeg[jpeg.length - 2] & 0xFF) == 0xFF && (jpeg[jpeg.length - 1] & 0xFF) == 0xD9;
        int length = hasEoi ? jpeg.length : jpeg.length + 2;
        try (Memory source = new Memory(length)) {
            source.write(0, jpeg, 0, jpeg.length);
            if (!hasEoi) {
                source.write(jpeg.length, new byte[] {(byte) 0xFF, (byte) 0xD9}, 0, 2);
            }
            NativeLong size = new NativeLong(length);
            Pointer handle = tj.tjInitDecompress();
            if (handle == null) {
                throw new IllegalStateException("tjInitDecompress failed: " + tj.tjGetErrorStr2(null));
            }
            try {
                IntByReference width = new IntByReference();
                IntByReference height = new IntByReference();
                IntByReference subsampling = new IntByReference();
                IntByReference colourspace = new IntByReference();
                if (tj.tjDecompressHeader3(handle, source, size, width, height, subsampling, colourspace) != 0
                        || !isRgbLike(colourspace.getValue())) {
                    return null;
                }
                ImageDecoder.checkPixelLimit(width.getValue(), height.getValue(), maxPixels);
                YuvPlanes planes = planesAllowed && colourspace.getValue() == TurboJpeg.TJCS_YCBCR
                        ? YuvPlanes.allocate(width.getValue(), height.getValue(), subsampling.getValue())
                        : null;
                return decodePixels(handle, source, size, width.getValue(), height.getValue(), planes);
            } finally {
                tj.tjDestroy(handle);
            }
        }
    }

    private NativePixels decodePixels(Pointer handle, Memory source, NativeLong size, int width, int height,
                                      YuvPlanes planes) {
        NativePixels pixels = planes != null ? new NativePixels(planes) : NativePixels.packed(width, height);
        boolean handedOver = false;
        try {
            // LIMITSCANS stops progressive files crafted with thousands of scans (a CPU bomb).
            int rc = planes != null
                    ? tj.tjDecompressToYUVPlanes(handle, source, size, planes.inputPlanes(), width,
                            planes.inputStrides(), height, TurboJpeg.TJFLAG_LIMITSCANS)
                    : tj.tjDecompress2(handle, source, size, pixels.memory, width, width * BYTES_PER_PIXEL, height,
                            TurboJpeg.INT_RGB_PIXEL_FORMAT, TurboJpeg.TJFLAG_LIMITSCANS);
            if (rc != 0) {
                // A fatal error is always the last message, so "premature end" as the last one means
                // libjpeg ran out of data and filled the rest with grey: rejected, as on the JDK path.
                String message = tj.tjGetErrorStr2(handle);
                if (message != null && message.toLowerCase(Locale.ROOT).contains("premature end")) {
                    throw new ImageRejectedException(ImageRejectedException.DECODE_ERROR,
                            "JPEG data is truncated: " + message);
                }
                // Anything else may be a harmless warning or a fatal error: tjGetErrorCode() says
                // "warning" for a fatal error that follows one. The JDK path gives the verdict.
                return null;
            }
            handedOver = true;
            return pixels;
        } finally {
            if (!handedOver) {
                pixels.close();
            }
        }
    }

    private static boolean isRgbLike(int colourspace) {
        return colourspace == TurboJpeg.TJCS_YCBCR || colourspace == TurboJpeg.TJCS_GRAY
                || colourspace == TurboJpeg.TJCS_RGB;
    }

    /** Encodes decoded pixels or planes as they are: no heap copy at all. */
    byte[] encode(NativePixels pixels) {
        return pixels.planes != null ? encode(pixels.planes) : encode(pixels.memory, pixels.width, pixels.height);
    }

    @Override
    public byte[] encode(BufferedImage image) {
        BufferedImage rgb = JpegEncoder.toOpaqueRgb(image);
        int width = rgb.getWidth();
        int height = rgb.getHeight();
        try (Memory memory = new Memory((long) width * height * BYTES_PER_PIXEL)) {
            int[] packed = packedPixels(rgb);
            if (packed != null) {
                memory.write(0, packed, 0, width * height);
            } else {
                int[] row = new int[width];
                for (int y = 0; y < height; y++) {
                    rgb.getRGB(0, y, width, 1, row, 0, width);
                    memory.write((long) y * width * BYTES_PER_PIXEL, row, 0, width);
                }
            }
            return encode(memory, width, height);
        }
    }

    /**
     * Quality and subsampling as the JDK writer's defaults (IJG scale, 4:2:0), baseline, and the
     * accurate integer DCT like the JDK writer rather than TurboJPEG's default fast DCT below q96.
     * TurboJPEG writes a JFIF APP0 header and no other metadata.
     */
    private byte[] encode(Pointer pixels, int width, int height) {
        return compress((handle, output, outputSize) -> tj.tjCompress2(handle, pixels, width,
                width * BYTES_PER_PIXEL, height, TurboJpeg.INT_RGB_PIXEL_FORMAT, output, outputSize,
                TurboJpeg.TJSAMP_420, quality, TurboJpeg.TJFLAG_ACCURATEDCT));
    }

    private byte[] encode(YuvPlanes planes) {
        planes.toYuv420();
        return compress((handle, output, outputSize) -> tj.tjCompressFromYUVPlanes(handle, planes.outputPlanes(),
                planes.width, planes.outputStrides(), planes.height, TurboJpeg.TJSAMP_420, output, outputSize,
                quality, TurboJpeg.TJFLAG_ACCURATEDCT));
    }

    /** One TurboJPEG compress call on a handle of its own; the output is copied to the heap and freed. */
    private byte[] compress(CompressCall call) {
        Pointer handle = tj.tjInitCompress();
        if (handle == null) {
            throw new IllegalStateException("tjInitCompress failed: " + tj.tjGetErrorStr2(null));
        }
        PointerByReference output = new PointerByReference();
        NativeLongByReference outputSize = new NativeLongByReference(new NativeLong(0));
        try {
            if (call.compress(handle, output, outputSize) != 0) {
                // Our own pixel buffer cannot be "bad input", so this is an environment problem.
                throw new IllegalStateException("libjpeg-turbo encoding failed: " + tj.tjGetErrorStr2(handle));
            }
            return output.getValue().getByteArray(0, Math.toIntExact(outputSize.getValue().longValue()));
        } finally {
            if (output.getValue() != null) {
                tj.tjFree(output.getValue());
            }
            tj.tjDestroy(handle);
        }
    }

    @FunctionalInterface
    private interface CompressCall {
        int compress(Pointer handle, PointerByReference output, NativeLongByReference outputSize);
    }

    /** The backing array when the raster is exactly width*height packed ints, else {@code null}. */
    private static int[] packedPixels(BufferedImage rgb) {
        if (rgb.getRaster().getDataBuffer() instanceof DataBufferInt buffer
                && rgb.getSampleModel() instanceof SinglePixelPackedSampleModel model
                && model.getScanlineStride() == rgb.getWidth()
                && buffer.getOffset() == 0
                && rgb.getRaster().getSampleModelTranslateX() == 0
                && rgb.getRaster().getSampleModelTranslateY() == 0
                && buffer.getData().length == rgb.getWidth() * rgb.getHeight()) {
            return buffer.getData();
        }
        return null;
    }

    /**
     * A decoded image in native memory: packed {@code TYPE_INT_RGB}-layout pixels, or YUV planes.
     * {@link #close()} frees them at once (idempotent).
     */
    static final class NativePixels implements AutoCloseable {
        private final Memory memory;
        private final YuvPlanes planes;
        final int width;
        final int height;

        private NativePixels(int width, int height) {
            this.memory = new Memory((long) width * height * BYTES_PER_PIXEL);
            this.planes = null;
            this.width = width;
            this.height = height;
        }

        private NativePixels(YuvPlanes planes) {
            this.memory = null;
            this.planes = planes;
            this.width = planes.width;
            this.height = planes.height;
        }

        static NativePixels packed(int width, int height) {
            return new NativePixels(width, height);
        }

        /** Whether these are YUV planes rather than packed pixels. */
        boolean planar() {
            return planes != null;
        }

        /** Copies packed pixels into a new {@code TYPE_INT_RGB} image. */
        BufferedImage toBufferedImage() {
            if (planes != null) {
                throw new IllegalStateException("YUV planes cannot be copied into an RGB image");
            }
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            int[] data = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
            memory.read(0, data, 0, data.length);
            return image;
        }

        @Override
        public void close() {
            if (planes != null) {
                planes.close();
            } else {
                memory.close();
            }
        }
    }

    /** Loads the library once per process; a failure is remembered, not retried on every image. */
    private static final class Library {
        static final TurboJpeg.Loaded LOADED;
        static final String FAILURE;

        static {
            TurboJpeg.Loaded loaded = null;
            String failure = null;
            try {
                loaded = TurboJpeg.load();
            } catch (LinkageError | RuntimeException e) {
                failure = e.getMessage();
            }
            LOADED = loaded;
            FAILURE = failure;
        }
    }
}
