package io.imageingest.upload;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Validation of one image URL: it must parse with {@link URI}, have scheme {@code http} or {@code https}
 * (case-insensitive) and a non-empty host, and contain no whitespace.
 *
 * <p>For speed, {@link #fastAccepts(String)} recognises the common shape ({@code http[s]://host.name[:port][/path][?query][#fragment]}
 * made of plain ASCII characters) by hand. It only accepts strings that {@link URI} also accepts with a server-based
 * host; everything else goes through {@link URI}, so the verdict is always the {@link URI}-based one.
 */
final class HttpUrls {

    private HttpUrls() {
    }

    /** Returns {@code null} if the (already trimmed, non-empty) URL is acceptable, otherwise a short reason. */
    static String problem(String url, int maxUrlChars) {
        if (url.length() > maxUrlChars) {
            return "URL longer than " + maxUrlChars + " characters (" + Text.quote(url) + ")";
        }
        if (fastAccepts(url)) {
            return null;
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return "URL " + Text.quote(url) + " contains whitespace";
            }
            if (c == Text.REPLACEMENT_CHAR) {
                return "URL " + Text.quote(url) + " is not valid UTF-8";
            }
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Text.quote(url) + " is not an absolute http(s) URL";
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            return Text.quote(url) + " is not an absolute http(s) URL";
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return "URL " + Text.quote(url) + " has no host";
        }
        return null;
    }

    // Character classes of java.net.URI restricted to a conservative ASCII subset.
    private static final int ALPHA = 1;
    private static final int DIGIT = 2;
    private static final int HEX = 4;
    /** Characters allowed in a path segment by java.net.URI: unreserved | ":@&=+$," | ";/" (escapes handled apart). */
    private static final int PATH = 8;

    private static final byte[] CLASSES = new byte[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            CLASSES[c] |= ALPHA | PATH;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            CLASSES[c] |= ALPHA | PATH;
        }
        for (char c = '0'; c <= '9'; c++) {
            CLASSES[c] |= DIGIT | HEX | PATH;
        }
        for (char c : "abcdefABCDEF".toCharArray()) {
            CLASSES[c] |= HEX;
        }
        for (char c : "-_.!~*'()".toCharArray()) { // mark (unreserved)
            CLASSES[c] |= PATH;
        }
        for (char c : ":@&=+$,;/".toCharArray()) {
            CLASSES[c] |= PATH;
        }
    }

    private static boolean is(char c, int cls) {
        return c < 128 && (CLASSES[c] & cls) != 0;
    }

    /**
     * Hand-written recogniser for {@code http[s]://label(.label)*[:port]} followed by an optional path, query and
     * fragment built from plain ASCII characters. Returns {@code false} for anything unusual (IP literals, userinfo,
     * non-ASCII, brackets, ...), in which case the caller falls back to {@link URI}.
     */
    static boolean fastAccepts(String s) {
        int n = s.length();
        int i;
        if (n > 7 && regionIs(s, 0, "http")) {
            i = 4;
            char c = s.charAt(i);
            if (c == 's' || c == 'S') {
                i++;
            }
        } else {
            return false;
        }
        if (i + 3 > n || s.charAt(i) != ':' || s.charAt(i + 1) != '/' || s.charAt(i + 2) != '/') {
            return false;
        }
        i += 3;
        // host = label *("." label); label = alnum [*(alnum | "-") alnum]; last label starts with a letter
        int lastLabelStart;
        while (true) {
            if (i >= n || !is(s.charAt(i), ALPHA | DIGIT)) {
                return false;
            }
            lastLabelStart = i;
            i++;
            while (i < n && (is(s.charAt(i), ALPHA | DIGIT) || s.charAt(i) == '-')) {
                i++;
            }
            if (s.charAt(i - 1) == '-') {
                return false;
            }
            if (i < n && s.charAt(i) == '.') {
                i++;
                continue;
            }
            break;
        }
        if (!is(s.charAt(lastLabelStart), ALPHA)) {
            return false; // IPv4-looking or all-numeric top label: let java.net.URI decide
        }
        if (i < n && s.charAt(i) == ':') {
            int portStart = ++i;
            while (i < n && is(s.charAt(i), DIGIT)) {
                i++;
            }
            if (i == portStart || i - portStart > 5) {
                return false;
            }
        }
        if (i == n) {
            return true;
        }
        char c = s.charAt(i);
        if (c != '/' && c != '?' && c != '#') {
            return false;
        }
        // 0 = path, 1 = query, 2 = fragment
        int part = 0;
        for (; i < n; i++) {
            c = s.charAt(i);
            if (is(c, PATH)) {
                continue;
            }
            if (c == '%') {
                if (i + 2 < n && is(s.charAt(i + 1), HEX) && is(s.charAt(i + 2), HEX)) {
                    i += 2;
                    continue;
                }
                return false;
            }
            if (c == '?') {
                if (part == 0) {
                    part = 1;
                }
                continue; // '?' is also legal inside query and fragment
            }
            if (c == '#' && part < 2) {
                part = 2;
                continue;
            }
            return false;
        }
        return true;
    }

    private static boolean regionIs(String s, int from, String lowerAscii) {
        for (int k = 0; k < lowerAscii.length(); k++) {
            char c = s.charAt(from + k);
            if (c != lowerAscii.charAt(k) && c != Character.toUpperCase(lowerAscii.charAt(k))) {
                return false;
            }
        }
        return true;
    }
}
