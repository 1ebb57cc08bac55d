package io.imageingest.outbound;

import java.util.Arrays;
import java.util.regex.Pattern;

import io.netty.util.NetUtil;

/**
 * An address block ({@code 10.0.0.0/8}, {@code fc00::/7}; a single address is a full-length block),
 * matched on raw bytes so that no lookup can ever happen.
 */
record IpBlock(byte[] network, int prefix) {

    // Dotted quad without leading zeros: "010.0.0.1" is octal to some parsers and decimal to others.
    private static final Pattern STRICT_IPV4 = Pattern.compile("(0|[1-9]\\d{0,2})(\\.(0|[1-9]\\d{0,2})){3}");

    /**
     * Parses {@code address[/prefix]}: a dotted-quad IPv4 or an IPv6 literal without brackets.
     * Returns null when {@code text} is no address at all (it may then be a host name).
     *
     * @throws IllegalArgumentException for an address with a bad prefix or with host bits set
     */
    static IpBlock parse(String text) {
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        // Netty's parser, not InetAddress.getByName: it never resolves, and with the pattern above it
        // rejects the BSD spellings (127.1, 0x7f.0.0.1, 2130706433) an operator would not mean.
        byte[] bytes = null;
        if (STRICT_IPV4.matcher(addressText).matches() && NetUtil.isValidIpV4Address(addressText)
                || addressText.contains(":") && !addressText.contains("%") && NetUtil.isValidIpV6Address(addressText)) {
            bytes = NetUtil.createByteArrayFromIpAddressString(addressText);
        }
        if (bytes == null) {
            if (slash >= 0) {
                throw new IllegalArgumentException("'" + addressText + "' is not an IP address");
            }
            return null;
        }
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = text.substring(slash + 1);
            if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > max) {
                throw new IllegalArgumentException("prefix length must be 0.." + max + ", was '" + p + "'");
            }
            prefix = Integer.parseInt(p);
        }
        IpBlock block = new IpBlock(bytes, prefix);
        byte[] start = block.masked(bytes);
        if (!Arrays.equals(start, bytes)) {
            throw new IllegalArgumentException("'" + text + "' has host bits set; did you mean "
                    + NetUtil.bytesToIpAddress(start) + "/" + prefix + "?");
        }
        return block;
    }

    /** Whether {@code address} (4 or 16 bytes; IPv4-mapped IPv6 counts as its IPv4) lies in this block. */
    boolean contains(byte[] address) {
        byte[] a = address.length == 16 && network.length == 4 && isMapped(address)
                ? Arrays.copyOfRange(address, 12, 16) : address;
        return a.length == network.length && Arrays.equals(masked(a), network);
    }

    private byte[] masked(byte[] a) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (a[i] & (0xff00 >> bits));
        }
        return out;
    }

    /** {@code ::ffff:0:0/96}: an IPv6 socket reaches such an address over IPv4. */
    static boolean isMapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    /** {@code 10.0.0.0/8}, {@code [fc00::]/7}, or just the address for a single one ({@code [::1]}). */
    @Override
    public String toString() {
        String address = NetUtil.bytesToIpAddress(network);
        String shown = network.length == 16 ? "[" + address + "]" : address;
        return prefix == network.length * 8 ? shown : shown + "/" + prefix;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpBlock b && b.prefix == prefix && Arrays.equals(b.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }
}
