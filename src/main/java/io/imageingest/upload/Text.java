package io.imageingest.upload;

/** Small helpers for building human-readable problem reasons. */
final class Text {

    /** What the UTF-8 decoder substitutes for malformed byte sequences. */
    static final char REPLACEMENT_CHAR = '\uFFFD';

    static final int MAX_QUOTED_CHARS = 100;

    private Text() {
    }

    /**
     * Quotes a value for a reason: at most {@value #MAX_QUOTED_CHARS} characters (then an ellipsis), double quotes
     * and control characters escaped so the reason stays on one line.
     */
    static String quote(String value) {
        int n = Math.min(value.length(), MAX_QUOTED_CHARS);
        if (n < value.length() && Character.isHighSurrogate(value.charAt(n - 1))) {
            n--; // do not cut a surrogate pair in half
        }
        StringBuilder sb = new StringBuilder(n + 8).append('"');
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        if (value.length() > n) {
            sb.append('\u2026');
        }
        return sb.append('"').toString();
    }

    static String plural(long count, String singular, String pluralForm) {
        return count + " " + (count == 1 ? singular : pluralForm);
    }
}
