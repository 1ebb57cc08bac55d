package io.imageingest.upload;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Smooths two univocity quirks before the parser sees the text. NUL is univocity's internal marker and
 * vanishes from quoted cells depending on how the bytes happen to arrive, so it becomes U+FFFD (and the
 * row is reported as not valid text) whatever the chunking. And a whitespace-only last line without a
 * final newline, after a quoted cell, is parsed as a one-column row, so the input always ends with a
 * newline.
 */
final class CsvInputReader extends FilterReader {

    private int last = '\n';
    private boolean ended;

    CsvInputReader(Reader in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        char[] one = new char[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0];
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (ended) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        int n = super.read(buffer, offset, length);
        if (n < 0) {
            ended = true;
            if (last != '\n') {
                last = '\n';
                buffer[offset] = '\n';
                return 1;
            }
            return -1;
        }
        for (int i = offset; i < offset + n; i++) {
            if (buffer[i] == '\0') {
                buffer[i] = Text.REPLACEMENT_CHAR;
            }
        }
        if (n > 0) {
            last = buffer[offset + n - 1];
        }
        return n;
    }
}
