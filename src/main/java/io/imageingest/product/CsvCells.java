package io.imageingest.product;

import java.util.List;

/** RFC 4180 cells for {@code output.csv}, with spreadsheet formula injection neutralised. */
final class CsvCells {

    private CsvCells() {
    }

    /**
     * A text cell. A value a spreadsheet would run as a formula (starting with {@code = + - @}, tab or
     * carriage return) gets a leading apostrophe, as OWASP recommends.
     */
    static String text(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        return quoteIfNeeded(v);
    }

    /** A list of URLs joined by commas in one always-quoted cell; empty entries keep their position. */
    static String urls(List<String> urls) {
        return quote(String.join(",", urls.stream().map(u -> u == null ? "" : u).toList()));
    }

    private static String quoteIfNeeded(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return quote(v);
            }
        }
        return v;
    }

    private static String quote(String v) {
        return '"' + v.replace("\"", "\"\"") + '"';
    }
}
