package io.imageingest.upload;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Fails the CSV stream as soon as one physical line is longer than the limit, so a file without line
 * breaks cannot make the parser buffer it whole. The caller learns the line number through
 * {@code onExceeded} before the read fails.
 */
final class LineLengthLimit extends FilterInputStream {

    private final long maxBytes;
    private final Consumer<Long> onExceeded;
    private long line = 1;
    private long current;

    LineLengthLimit(InputStream in, long maxBytes, Consumer<Long> onExceeded) {
        super(in);
        this.maxBytes = maxBytes;
        this.onExceeded = onExceeded;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        for (int i = 0; i < n; i++) {
            count(buffer[offset + i]);
        }
        return n;
    }

    private void count(byte b) throws IOException {
        if (b == '\n') {
            line++;
            current = 0;
        } else if (++current > maxBytes) {
            onExceeded.accept(line);
            throw new IOException("line " + line + " is longer than " + maxBytes + " bytes");
        }
    }
}
