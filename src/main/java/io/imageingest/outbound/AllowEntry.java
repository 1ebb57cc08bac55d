package io.imageingest.outbound;

import java.net.InetAddress;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One {@code app.outbound.allow-list} entry: a host name or an address block, and a port or any port.
 * A host entry matches the name the URL used, not the addresses it resolves to.
 *
 * @param host lower-case host name without trailing dot, or null for an address entry
 * @param block the address block, or null for a host entry
 * @param port the only port allowed, or -1 for any port
 */
record AllowEntry(String host, IpBlock block, int port) {

    // LDH labels (plus '_', seen in internal names); the last label must not be all digits, because
    // WHATWG URL parsers read such a host as an IPv4 number (127.1, 2130706433, 0x7f.1 ...).
    private static final Pattern HOST = Pattern.compile(
            "(?i)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\\.)*[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");
    private static final Pattern NUMERIC_LAST_LABEL = Pattern.compile("(?i)(.*\\.)?(\\d+|0x[0-9a-f]*)");

    /** Parses one entry; the message of the exception says what is wrong with it. */
    static AllowEntry parse(String raw) {
        String text = raw.trim();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty entry");
        }
        if (text.contains("://")) {
            throw new IllegalArgumentException("write a host, IP or CIDR block, not a URL, e.g. images.internal:8080");
        }
        String hostPart = text;
        String portPart = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'[' without ']'");
            }
            String rest = text.substring(close + 1);       // "", ":port", "/len" or "/len:port"
            int colon = rest.indexOf(':');
            if (colon >= 0) {
                portPart = rest.substring(colon + 1);
                rest = rest.substring(0, colon);
            }
            if (!rest.isEmpty() && !rest.startsWith("/")) {
                throw new IllegalArgumentException("unexpected '" + rest + "' after ']'");
            }
            hostPart = text.substring(1, close) + rest;
            if (!hostPart.contains(":")) {
                throw new IllegalArgumentException("brackets are for IPv6 addresses only");
            }
        } else if (text.indexOf(':') != text.lastIndexOf(':')) {
            // "::1:8081" could be an address or an address and a port: insist on brackets.
            throw new IllegalArgumentException("write IPv6 addresses in brackets, e.g. [::1] or [::1]:8081");
        } else if (text.indexOf(':') >= 0) {
            portPart = text.substring(text.indexOf(':') + 1);
            hostPart = text.substring(0, text.indexOf(':'));
        }
        int port = portPart == null ? -1 : port(portPart);
        IpBlock block = IpBlock.parse(hostPart);
        if (block != null) {
            return new AllowEntry(null, block, port);
        }
        String host = normalizeHost(hostPart);
        if (!HOST.matcher(host).matches() || host.length() > 253) {
            throw new IllegalArgumentException("'" + hostPart + "' is not a host name, IP address or CIDR block");
        }
        if (NUMERIC_LAST_LABEL.matcher(host).matches()) {
            throw new IllegalArgumentException("'" + hostPart
                    + "' is not a valid IP address; write IPv4 addresses as four decimal numbers, e.g. 127.0.0.1");
        }
        return new AllowEntry(host, null, port);
    }

    /** Whether this entry lets a connection to {@code address:port}, named {@code host} in the URL, through. */
    boolean allows(String requestHost, InetAddress address, int requestPort) {
        if (port != -1 && port != requestPort) {
            return false;
        }
        if (block != null) {
            return block.contains(address.getAddress());
        }
        return requestHost != null && host.equals(normalizeHost(requestHost));
    }

    /** Lower case, no brackets, no trailing dot: "Images.Internal." and "images.internal" are one host. */
    static String normalizeHost(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private static int port(String text) {
        if (!text.matches("\\d{1,5}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was '" + text + "'");
        }
        return Integer.parseInt(text);
    }

    @Override
    public String toString() {
        String target = host != null ? host : block.toString();
        return port == -1 ? target : target + ":" + port;
    }
}
