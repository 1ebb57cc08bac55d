package io.imageingest.upload;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.LongFunction;

/**
 * Lazily generated CSV: a header line, then {@code records} records produced one at a time by {@code record}
 * (each including its line terminator). Never holds more than one record in memory.
 */
final class GeneratedCsvInputStream extends InputStream {

    private final long records;
    private final LongFunction<String> record;
    private byte[] chunk;
    private int pos;
    private long nextRecord = 1;

    GeneratedCsvInputStream(String headerLine, long records, LongFunction<String> record) {
        this.records = records;
        this.record = record;
        this.chunk = headerLine.getBytes(StandardCharsets.UTF_8);
    }

    private boolean ensure() {
        while (pos >= chunk.length) {
            if (nextRecord > records) {
                return false;
            }
            chunk = record.apply(nextRecord++).getBytes(StandardCharsets.UTF_8);
            pos = 0;
        }
        return true;
    }

    @Override
    public int read() {
        return ensure() ? chunk[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        int written = 0;
        while (written < len && ensure()) {
            int n = Math.min(len - written, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off + written, n);
            pos += n;
            written += n;
        }
        return written == 0 ? -1 : written;
    }
}
