package io.imageingest.image;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * The Y, Cb and Cr planes of a JPEG decoded without colour conversion, laid out in one native block so
 * that they can be turned into the 4:2:0 planes of the output in place.
 *
 * <p>Inputs with 4:2:0, 4:2:2 or 4:4:4 chroma are accepted (together nearly every photo). The luma
 * plane is {@code PAD(width, 2)} by {@code PAD(height, 2)} bytes, as the 4:2:0 encoder reads it; the
 * chroma planes follow with the input's own size. {@link #toYuv420()} then averages chroma pairs
 * (4:2:2) or 2x2 blocks (4:4:4) with libjpeg's alternating rounding bias, like its downsampler does
 * when it encodes RGB, and repeats the last luma row and column into the padding the decoder left
 * empty. Not thread-safe; one decode and one encode use it.
 */
final class YuvPlanes implements AutoCloseable {

    final int width;
    final int height;
    /** The input's chroma subsampling: {@code TJSAMP_420}, {@code TJSAMP_422} or {@code TJSAMP_444}. */
    private int subsampling;
    private final int lumaStride;
    private final int lumaRows;
    private final int inChromaWidth;
    private final int inChromaHeight;
    private final Memory memory;

    private YuvPlanes(int width, int height, int subsampling) {
        this.width = width;
        this.height = height;
        this.subsampling = subsampling;
        this.lumaStride = pad2(width);
        this.lumaRows = pad2(height);
        this.inChromaWidth = subsampling == TurboJpeg.TJSAMP_444 ? width : lumaStride / 2;
        this.inChromaHeight = subsampling == TurboJpeg.TJSAMP_420 ? lumaRows / 2 : height;
        this.memory = new Memory((long) lumaStride * lumaRows + 2L * inChromaWidth * inChromaHeight);
    }

    /** Planes for an input of this subsampling, or {@code null} when it is another one (left to the RGB path). */
    static YuvPlanes allocate(int width, int height, int subsampling) {
        if (subsampling != TurboJpeg.TJSAMP_420 && subsampling != TurboJpeg.TJSAMP_422
                && subsampling != TurboJpeg.TJSAMP_444) {
            return null;
        }
        return new YuvPlanes(width, height, subsampling);
    }

    /** Where the decoder writes the planes of the input. */
    Pointer[] inputPlanes() {
        long chroma = (long) lumaStride * lumaRows;
        long chromaBytes = (long) inChromaWidth * inChromaHeight;
        return new Pointer[] {memory, memory.share(chroma), memory.share(chroma + chromaBytes)};
    }

    /** Row strides of {@link #inputPlanes()}. */
    int[] inputStrides() {
        return new int[] {lumaStride, inChromaWidth, inChromaWidth};
    }

    /** The 4:2:0 planes after {@link #toYuv420()}. */
    Pointer[] outputPlanes() {
        long chroma = (long) lumaStride * lumaRows;
        long chromaBytes = (long) (lumaStride / 2) * (lumaRows / 2);
        return new Pointer[] {memory, memory.share(chroma), memory.share(chroma + chromaBytes)};
    }

    /** Row strides of {@link #outputPlanes()}. */
    int[] outputStrides() {
        return new int[] {lumaStride, lumaStride / 2, lumaStride / 2};
    }

    /** Turns the decoded input planes into 4:2:0 in place (idempotent). */
    void toYuv420() {
        if (subsampling == TurboJpeg.TJSAMP_420) {
            return; // the decoder filled the padded luma plane itself
        }
        padLuma();
        long chroma = (long) lumaStride * lumaRows;
        long inBytes = (long) inChromaWidth * inChromaHeight;
        int outWidth = lumaStride / 2;
        long outBytes = (long) outWidth * (lumaRows / 2);
        // Each output row lies at or before the input rows it is made of, and U's output ends before V's
        // input starts, so going forward never overwrites samples still to be read.
        downsample(chroma, chroma);
        downsample(chroma + inBytes, chroma + outBytes);
        subsampling = TurboJpeg.TJSAMP_420;
    }

    private void downsample(long from, long to) {
        int outWidth = lumaStride / 2;
        byte[] upper = new byte[inChromaWidth];
        byte[] lower = new byte[inChromaWidth];
        byte[] out = new byte[outWidth];
        boolean horizontal = subsampling == TurboJpeg.TJSAMP_444;
        for (int y = 0; y < lumaRows / 2; y++) {
            int top = Math.min(2 * y, inChromaHeight - 1);
            int bottom = Math.min(2 * y + 1, inChromaHeight - 1);
            memory.read(from + (long) top * inChromaWidth, upper, 0, inChromaWidth);
            memory.read(from + (long) bottom * inChromaWidth, lower, 0, inChromaWidth);
            if (horizontal) {
                average2x2(upper, lower, out, inChromaWidth);
            } else {
                average2x1(upper, lower, out);
            }
            memory.write(to + (long) y * outWidth, out, 0, outWidth);
        }
    }

    /** Vertical pairs, bias 0, 1, 0, 1… as libjpeg's h1v2 downsampler. */
    static void average2x1(byte[] upper, byte[] lower, byte[] out) {
        for (int x = 0; x < out.length; x++) {
            out[x] = (byte) (((upper[x] & 0xFF) + (lower[x] & 0xFF) + (x & 1)) >> 1);
        }
    }

    /** 2x2 blocks, bias 1, 2, 1, 2… as libjpeg's h2v2 downsampler; an odd last column is repeated. */
    static void average2x2(byte[] upper, byte[] lower, byte[] out, int inWidth) {
        for (int x = 0; x < out.length; x++) {
            int left = 2 * x;
            int right = Math.min(left + 1, inWidth - 1);
            int sum = (upper[left] & 0xFF) + (upper[right] & 0xFF) + (lower[left] & 0xFF) + (lower[right] & 0xFF);
            out[x] = (byte) ((sum + 1 + (x & 1)) >> 2);
        }
    }

    /** Repeats the last column (odd width of a 4:4:4 input) and the last row (odd height) into the padding. */
    private void padLuma() {
        if (subsampling == TurboJpeg.TJSAMP_444 && width != lumaStride) {
            for (int y = 0; y < height; y++) {
                long row = (long) y * lumaStride;
                memory.setByte(row + width, memory.getByte(row + width - 1));
            }
        }
        if (height != lumaRows) {
            byte[] last = new byte[lumaStride];
            memory.read((long) (height - 1) * lumaStride, last, 0, lumaStride);
            memory.write((long) height * lumaStride, last, 0, lumaStride);
        }
    }

    @Override
    public void close() {
        memory.close();
    }

    private static int pad2(int value) {
        return (value + 1) & ~1;
    }
}
