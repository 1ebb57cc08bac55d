package io.imageingest.outbound;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * Reads host names written as numbers the way {@code inet_aton} (and so curl and browsers) does:
 * {@code 2130706433}, {@code 0x7f.1}, {@code 017700000001} and {@code 127.1} all mean 127.0.0.1. A URL
 * using such a spelling is rewritten to the dotted address, so the guard judges the address the
 * spelling stands for instead of sending it to DNS as a name.
 */
public final class NumericHosts {

    private static final String PART = "(?:0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*)";
    private static final Pattern NUMERIC = Pattern.compile(PART + "(?:\\." + PART + "){0,3}\\.?");

    private NumericHosts() {
    }

    /** The URL with a numeric host spelled as a dotted IPv4 address; other URLs unchanged. */
    public static URI normalise(URI uri) {
        // java.net.URI leaves the host null for spellings such as 0x7f.1 or 127.1: read the authority
        String authority = uri.getRawAuthority();
        if (authority == null) {
            return uri;
        }
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        int colon = hostPort.lastIndexOf(':');
        String host = colon >= 0 ? hostPort.substring(0, colon) : hostPort;
        if (!NUMERIC.matcher(host).matches()) {
            return uri;
        }
        String dotted = toDotted(host);
        if (dotted == null) {
            return uri;
        }
        try {
            int port = colon >= 0 && colon + 1 < hostPort.length() ? Integer.parseInt(hostPort.substring(colon + 1))
                    : -1;
            String userInfo = authority.contains("@") ? authority.substring(0, authority.lastIndexOf('@')) : null;
            return new URI(uri.getScheme(), userInfo, dotted, port, uri.getPath(), uri.getQuery(),
                    uri.getFragment());
        } catch (NumberFormatException e) {
            return uri;
        } catch (URISyntaxException e) {
            return uri;
        }
    }

    /** {@code inet_aton}: a.b.c.d, a.b.c (c is 16 bits), a.b (b is 24 bits) or a (32 bits); null if out of range. */
    static String toDotted(String host) {
        String trimmed = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String[] parts = trimmed.split("\\.");
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            try {
                if (p.startsWith("0x") || p.startsWith("0X")) {
                    values[i] = p.length() == 2 ? 0 : Long.parseLong(p.substring(2), 16);
                } else if (p.length() > 1 && p.startsWith("0")) {
                    values[i] = Long.parseLong(p.substring(1), 8);
                } else {
                    values[i] = Long.parseLong(p);
                }
            } catch (NumberFormatException e) {
                return null;
            }
        }
        long address = 0;
        int last = values.length - 1;
        for (int i = 0; i < last; i++) {
            if (values[i] > 255) {
                return null;
            }
            address |= values[i] << (24 - 8 * i);
        }
        long tailBits = 32 - 8L * last;
        if (values[last] >= (1L << tailBits)) {
            return null;
        }
        address |= values[last];
        return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "."
                + (address & 255);
    }
}
