package io.imageingest.upload;

import com.univocity.parsers.common.TextParsingException;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import com.univocity.parsers.csv.UnescapedQuoteHandling;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Pull-based, streaming reader of the product CSV ({@code S. No.,Product Name,Input Image Urls}).
 *
 * <p>Each {@link #next()} parses just enough input for one record with univocity's {@link CsvParser#parseNext()} on
 * the caller's thread, so it may block while the underlying {@link InputStream} waits for bytes. Only small fixed
 * buffers are held (64K chars in univocity, 8 KB in the UTF-8 decoder) plus the duplicate-detection map (about
 * 32 MiB per million rows). No I/O happens before the first {@code next()}. univocity refills its buffer as soon as it
 * has consumed the buffer's last character, so a row whose line break is the last byte received so far is returned
 * once more bytes (or the end of input) arrive.
 *
 * <p>Results: a valid {@link CsvEntry.Row}; an {@link CsvEntry.Invalid} for a bad row (reading continues); or an
 * {@link CsvEntry.Invalid} for a header problem (line 1) or a CSV syntax error the parser cannot recover from (field
 * longer than {@link CsvRules#maxFieldChars()}, malformed quoting, more than {@value #MAX_COLUMNS} columns), after
 * which {@code next()} returns {@code null}. {@code null} means end of input; the input stream is closed at that
 * point. Content problems never throw; an {@link IOException} of the underlying stream is rethrown as
 * {@link UncheckedIOException} (and reading ends).
 *
 * <p>Line numbers are the 1-based physical line where a record starts (header = line 1), counting blank lines and
 * line breaks inside quoted cells; line breaks are LF or CRLF, freely mixed. Not thread-safe.
 */
final class CsvProductReader implements AutoCloseable {

    static final String SERIAL_COLUMN = "S. No.";
    static final String NAME_COLUMN = "Product Name";
    static final String URLS_COLUMN = "Input Image Urls";
    private static final List<String> REQUIRED_COLUMNS = List.of(SERIAL_COLUMN, NAME_COLUMN, URLS_COLUMN);

    /** Enough for a few extra columns; more than this in one record ends parsing with an {@code Invalid}. */
    static final int MAX_COLUMNS = 512;
    private static final int INPUT_BUFFER_CHARS = 64 * 1024;

    private enum State { NEW, ROWS, DONE }

    private final InputStream in;
    private final CsvRules rules;
    private final CsvParser parser;
    /** S. No. -> line of its first occurrence. */
    private final LongLongHashMap firstLineBySerial = new LongLongHashMap();
    private String[] urlBuffer;

    private State state = State.NEW;
    private boolean parsingStarted;
    private boolean closed;
    /** Physical line at which the next record starts. */
    private long nextRecordLine = 1;

    private int serialIndex;
    private int nameIndex;
    private int urlsIndex;
    private int headerColumns;
    private int minColumns;

    CsvProductReader(InputStream in, CsvRules rules) {
        this.in = Objects.requireNonNull(in, "in");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.parser = new CsvParser(settings(rules));
        this.urlBuffer = new String[Math.min(rules.maxUrlsPerRow(), 16)];
    }

    private static CsvParserSettings settings(CsvRules rules) {
        CsvParserSettings s = new CsvParserSettings();
        s.getFormat().setDelimiter(',');
        s.getFormat().setQuote('"');
        s.getFormat().setQuoteEscape('"');
        // Every physical line of an LF, CRLF or mixed file ends with '\n'. A '\r' before it is whitespace: trimmed
        // from unquoted cells and skipped after a closing quote; inside quoted cells it is kept as-is.
        // (Auto-detection would lock onto the first separator seen and then miscount lines of a mixed file.)
        s.setLineSeparatorDetectionEnabled(false);
        s.getFormat().setLineSeparator("\n");
        s.getFormat().setNormalizedNewline('\n');
        // Must stay true: with it off univocity does not count line breaks inside quoted cells. With '\n' as both
        // separator and normalized newline it changes nothing ("\r\n" inside quotes is kept as-is).
        s.setNormalizeLineEndingsWithinQuotes(true);
        s.setCommentProcessingEnabled(false); // a cell starting with '#' is data, not a comment
        s.setHeaderExtractionEnabled(false); // header is matched here (case-insensitive, any order)
        // Blank lines come back as a single null cell and are skipped here: univocity skipping them itself would hide
        // them from the line accounting.
        s.setSkipEmptyLines(false);
        s.setNullValue(null); // empty unquoted cell / whitespace-only line
        s.setEmptyValue(""); // "" (quoted empty cell), distinguishes a line holding "" from a blank line
        s.setIgnoreLeadingWhitespaces(true); // lets ` "a,b"` be read as a quoted cell
        s.setIgnoreTrailingWhitespaces(true);
        s.setIgnoreLeadingWhitespacesInQuotes(false); // quoted content is kept as-is
        s.setIgnoreTrailingWhitespacesInQuotes(false);
        s.setKeepQuotes(false);
        s.setKeepEscapeSequences(false);
        s.setUnescapedQuoteHandling(UnescapedQuoteHandling.RAISE_ERROR); // "ab"c is an error, ab"c is a literal
        s.setMaxCharsPerColumn(rules.maxFieldChars());
        s.setMaxColumns(MAX_COLUMNS);
        s.setErrorContentLength(0); // no (possibly huge) cell content inside exception messages
        s.setReadInputOnSeparateThread(false); // pull-based: parsing happens on the caller's thread
        s.setInputBufferSize(INPUT_BUFFER_CHARS);
        return s;
    }

    /**
     * Returns the next valid row or problem, or {@code null} at the end of input (and on every later call).
     *
     * @throws UncheckedIOException if reading the underlying stream fails
     */
    CsvEntry next() {
        if (state == State.DONE) {
            return null;
        }
        try {
            return advance();
        } catch (UncheckedIOException e) {
            finish();
            throw e;
        } catch (RuntimeException e) {
            IOException io = ioCause(e);
            finish();
            if (io != null) {
                throw new UncheckedIOException("reading the CSV input failed", io);
            }
            throw e;
        }
    }

    private CsvEntry advance() {
        if (state == State.NEW) {
            CsvEntry headerProblem = readHeader();
            if (headerProblem != null) {
                finish();
                return headerProblem;
            }
            state = State.ROWS;
        }
        while (true) {
            long line = nextRecordLine;
            String[] cells;
            try {
                cells = parser.parseNext();
            } catch (TextParsingException e) {
                finish();
                return new CsvEntry.Invalid(line, syntaxProblem(e));
            }
            if (cells == null) {
                finish();
                return null;
            }
            nextRecordLine = parser.getContext().currentLine() + 1;
            if (!isBlank(cells)) {
                return toEntry(line, cells);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------- header

    /** Starts parsing and reads the header; returns a header problem, or {@code null} with the column indexes set. */
    private CsvEntry readHeader() {
        parser.beginParsing(utf8WithoutBom(in));
        parsingStarted = true;
        String[] cells;
        try {
            do {
                cells = parser.parseNext();
                if (cells == null) {
                    return new CsvEntry.Invalid(1, "file is empty; expected a header with columns " + expectedColumns());
                }
                nextRecordLine = parser.getContext().currentLine() + 1;
            } while (isBlank(cells));
        } catch (TextParsingException e) {
            return new CsvEntry.Invalid(1, "header: " + syntaxProblem(e));
        }

        int[] found = {-1, -1, -1};
        for (int i = 0; i < cells.length; i++) {
            String name = cells[i] == null ? "" : cells[i].strip();
            for (int r = 0; r < REQUIRED_COLUMNS.size(); r++) {
                if (name.equalsIgnoreCase(REQUIRED_COLUMNS.get(r))) {
                    if (found[r] >= 0) {
                        return new CsvEntry.Invalid(1, "header has column \"" + REQUIRED_COLUMNS.get(r)
                                + "\" twice (columns " + (found[r] + 1) + " and " + (i + 1) + "); expected columns "
                                + expectedColumns());
                    }
                    found[r] = i;
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (int r = 0; r < REQUIRED_COLUMNS.size(); r++) {
            if (found[r] < 0) {
                missing.add("\"" + REQUIRED_COLUMNS.get(r) + "\"");
            }
        }
        if (!missing.isEmpty()) {
            return new CsvEntry.Invalid(1, "header is missing column" + (missing.size() == 1 ? " " : "s ")
                    + String.join(", ", missing) + "; expected columns " + expectedColumns()
                    + " (found " + describeHeader(cells) + ")");
        }
        serialIndex = found[0];
        nameIndex = found[1];
        urlsIndex = found[2];
        headerColumns = cells.length;
        minColumns = Math.max(serialIndex, Math.max(nameIndex, urlsIndex)) + 1;
        return null;
    }

    private static String expectedColumns() {
        return String.join(", ", REQUIRED_COLUMNS);
    }

    private static String describeHeader(String[] cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length && i < 10; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(Text.quote(cells[i] == null ? "" : cells[i]));
        }
        if (cells.length > 10) {
            sb.append(", \u2026");
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------------------- rows

    private CsvEntry toEntry(long line, String[] cells) {
        if (cells.length < minColumns) {
            return new CsvEntry.Invalid(line, "row has " + Text.plural(cells.length, "column", "columns")
                    + ", expected at least " + minColumns);
        }
        if (cells.length > headerColumns && hasContentBeyond(cells, headerColumns)) {
            return new CsvEntry.Invalid(line, "row has " + cells.length + " columns but the header has "
                    + headerColumns + " (a cell containing commas, such as a list of URLs, must be quoted)");
        }

        String problems = null;

        long serial = parseSerial(cells[serialIndex]);
        if (serial < 0) {
            problems = serialProblem(cells[serialIndex], serial);
        } else {
            long firstLine = firstLineBySerial.putIfAbsent(serial, line);
            if (firstLine != LongLongHashMap.NO_VALUE) {
                problems = "duplicate S. No. " + serial + " (first at line " + firstLine + ")";
            }
        }

        String name = cells[nameIndex] == null ? "" : cells[nameIndex].trim();
        if (name.isEmpty()) {
            problems = join(problems, "Product Name is empty");
        } else if (name.indexOf(Text.REPLACEMENT_CHAR) >= 0) {
            problems = join(problems, "Product Name " + Text.quote(name) + " is not valid UTF-8");
        }

        String urls = cells[urlsIndex] == null ? "" : cells[urlsIndex];
        String urlProblem = null;
        int count = 0;
        int n = urls.length();
        int start = 0;
        for (int i = 0; i <= n; i++) {
            if (i < n && urls.charAt(i) != ',') {
                continue;
            }
            int from = start;
            int to = i;
            start = i + 1;
            while (from < to && urls.charAt(from) <= ' ') {
                from++;
            }
            while (to > from && urls.charAt(to - 1) <= ' ') {
                to--;
            }
            if (from == to) {
                continue; // empty item from a stray comma
            }
            if (++count > rules.maxUrlsPerRow()) {
                continue; // only counting from here on
            }
            String url = urls.substring(from, to);
            if (urlProblem == null) {
                urlProblem = HttpUrls.problem(url, rules.maxUrlChars());
            }
            if (count > urlBuffer.length) {
                urlBuffer = Arrays.copyOf(urlBuffer, Math.min(rules.maxUrlsPerRow(), urlBuffer.length * 2));
            }
            urlBuffer[count - 1] = url;
        }
        if (count == 0) {
            problems = join(problems, "Input Image Urls has no URL");
        } else {
            problems = join(problems, urlProblem);
            if (count > rules.maxUrlsPerRow()) {
                problems = join(problems, "too many URLs: " + count + " (limit " + rules.maxUrlsPerRow() + ")");
            }
        }

        if (problems != null) {
            return new CsvEntry.Invalid(line, problems);
        }
        List<String> imageUrls = List.of(Arrays.copyOf(urlBuffer, count));
        return new CsvEntry.Row(line, serial, name, imageUrls);
    }

    private static final long SERIAL_EMPTY = -1;
    private static final long SERIAL_NOT_A_NUMBER = -2;
    private static final long SERIAL_TOO_LARGE = -3;

    /** Parses digits (surrounding whitespace allowed, leading zeros allowed); negative result = problem code. */
    private static long parseSerial(String raw) {
        if (raw == null) {
            return SERIAL_EMPTY;
        }
        int from = 0;
        int to = raw.length();
        while (from < to && raw.charAt(from) <= ' ') {
            from++;
        }
        while (to > from && raw.charAt(to - 1) <= ' ') {
            to--;
        }
        if (from == to) {
            return SERIAL_EMPTY;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = raw.charAt(i);
            if (c < '0' || c > '9') {
                return SERIAL_NOT_A_NUMBER;
            }
            int digit = c - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return SERIAL_TOO_LARGE;
            }
            value = value * 10 + digit;
        }
        return value == 0 ? SERIAL_NOT_A_NUMBER : value;
    }

    private static String serialProblem(String raw, long code) {
        if (code == SERIAL_EMPTY) {
            return "S. No. is empty";
        }
        String shown = Text.quote(raw.trim());
        if (code == SERIAL_TOO_LARGE) {
            return "S. No. " + shown + " is not a positive integer (too large)";
        }
        return "S. No. " + shown + " is not a positive integer";
    }

    private static String join(String problems, String problem) {
        if (problem == null) {
            return problems;
        }
        return problems == null ? problem : problems + "; " + problem;
    }

    private static boolean isBlank(String[] cells) {
        // univocity returns a whitespace-only or empty line as one null cell ("" on a line is an empty string)
        return cells.length == 0 || (cells.length == 1 && cells[0] == null);
    }

    private static boolean hasContentBeyond(String[] cells, int from) {
        for (int i = from; i < cells.length; i++) {
            if (cells[i] != null && !cells[i].isBlank()) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------------- errors

    /** Describes a parse failure; rethrows I/O failures of the underlying stream. */
    private String syntaxProblem(TextParsingException e) {
        IOException io = ioCause(e);
        if (io != null) {
            throw new UncheckedIOException("reading the CSV input failed", io);
        }
        // univocity's message continues with a dump of the parser settings: only its first line is of interest
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        String firstLine = (newline >= 0 ? message.substring(0, newline) : message).strip();
        if (firstLine.contains("maximum number of characters")) {
            return "field longer than " + rules.maxFieldChars() + " characters";
        }
        if (rootCause(e) instanceof ArrayIndexOutOfBoundsException) {
            return "row has more than " + MAX_COLUMNS + " columns";
        }
        if (firstLine.contains("quote character") || firstLine.contains("quoted value")) {
            return "malformed quoting: a quoted cell must end with a quote followed by a comma or line break"
                    + " (write a quote inside a quoted cell as \"\")";
        }
        int dash = firstLine.indexOf(" - ");
        String detail = dash >= 0 && firstLine.startsWith("com.univocity") ? firstLine.substring(dash + 3) : firstLine;
        return "malformed CSV: " + (detail.length() > 200 ? detail.substring(0, 200) + "\u2026" : detail);
    }

    private static IOException ioCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException io) {
                return io;
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    // ------------------------------------------------------------------------------------------------- input

    /** Streaming UTF-8 reader that drops a leading byte-order mark; malformed bytes become U+FFFD (reported per cell). */
    private static Reader utf8WithoutBom(InputStream in) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        PushbackReader reader = new PushbackReader(new CsvInputReader(new InputStreamReader(in, decoder)), 1);
        try {
            int first = reader.read();
            if (first >= 0 && first != '\uFEFF') {
                reader.unread(first);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the CSV input failed", e);
        }
        return reader;
    }

    /** Ends reading; univocity closes the input when it stops. */
    private void finish() {
        state = State.DONE;
        if (parsingStarted) {
            parsingStarted = false;
            try {
                parser.stopParsing();
            } catch (RuntimeException ignored) {
                // the input may already be broken; close() closes it again and reports a failure
            }
        }
    }

    /**
     * Stops the parser and closes the input stream (idempotent). Afterwards {@link #next()} returns {@code null}.
     *
     * @throws UncheckedIOException if closing the input stream fails
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        finish();
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the CSV input failed", e);
        }
    }
}
