package io.imageingest.outbound;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells non-public addresses from public ones on raw bytes (never a lookup). Behind
 * {@link AddressPolicy#nonPublicCategory}. The tables follow the IANA special-purpose registries;
 * order matters where blocks nest (first match wins).
 */
final class AddressClassifier {

    private static final Map<IpBlock, String> IPV4 = table(
            "0.0.0.0/8", "unspecified",             // "this network"; 0.0.0.0 reaches the local host
            "10.0.0.0/8", "private",
            "100.64.0.0/10", "carrier-grade NAT",
            "127.0.0.0/8", "loopback",
            "169.254.0.0/16", "link-local",         // includes cloud metadata 169.254.169.254
            "172.16.0.0/12", "private",
            "192.0.0.0/24", "reserved",             // IETF protocol assignments
            "192.0.2.0/24", "documentation",
            "192.88.99.0/24", "reserved",           // deprecated 6to4 relay anycast
            "192.168.0.0/16", "private",
            "198.18.0.0/15", "benchmarking",
            "198.51.100.0/24", "documentation",
            "203.0.113.0/24", "documentation",
            "224.0.0.0/4", "multicast",
            "255.255.255.255/32", "broadcast",
            "240.0.0.0/4", "reserved");

    private static final Map<IpBlock, String> IPV6 = table(
            "::/128", "unspecified",
            "::1/128", "loopback",
            "fe80::/10", "link-local",
            "fec0::/10", "site-local",
            "fc00::/7", "unique-local",
            "ff00::/8", "multicast",
            "2001:db8::/32", "documentation",
            "3fff::/20", "documentation",
            "2001::/23", "reserved");               // IETF protocol assignments, incl. Teredo 2001::/32

    // Forms that carry an IPv4 address the packets end up at: judged by that IPv4 address.
    private static final IpBlock MAPPED = IpBlock.parse("::ffff:0:0/96");
    private static final IpBlock NAT64 = IpBlock.parse("64:ff9b::/96");
    private static final IpBlock COMPATIBLE = IpBlock.parse("::/96");
    private static final IpBlock SIX_TO_FOUR = IpBlock.parse("2002::/16");
    private static final IpBlock GLOBAL_UNICAST = IpBlock.parse("2000::/3");

    private AddressClassifier() {
    }

    /** Null for a public address, else its category, e.g. {@code loopback, IPv4-mapped}. */
    static String category(byte[] a) {
        if (a.length == 4) {
            return lookup(IPV4, a);
        }
        if (MAPPED.contains(a)) {
            return embedded(Arrays.copyOfRange(a, 12, 16), "IPv4-mapped", null);
        }
        if (NAT64.contains(a)) {
            return embedded(Arrays.copyOfRange(a, 12, 16), "NAT64", null);
        }
        String special = lookup(IPV6, a);
        if (special != null) {
            return special;
        }
        if (COMPATIBLE.contains(a)) {
            // Deprecated (RFC 4291) and never globally routed, whatever IPv4 address it carries.
            return embedded(Arrays.copyOfRange(a, 12, 16), "IPv4-compatible", "reserved, IPv4-compatible");
        }
        if (SIX_TO_FOUR.contains(a)) {
            return embedded(Arrays.copyOfRange(a, 2, 6), "6to4", null);
        }
        // Everything outside 2000::/3 is unallocated or special-purpose (100::/64 discard, 64:ff9b:1::/48 ...).
        return GLOBAL_UNICAST.contains(a) ? null : "reserved";
    }

    private static String embedded(byte[] ipv4, String form, String whenPublic) {
        String inner = lookup(IPV4, ipv4);
        return inner != null ? inner + ", " + form : whenPublic;
    }

    private static String lookup(Map<IpBlock, String> table, byte[] a) {
        for (Map.Entry<IpBlock, String> e : table.entrySet()) {
            if (e.getKey().contains(a)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static Map<IpBlock, String> table(String... pairs) {
        Map<IpBlock, String> table = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            table.put(IpBlock.parse(pairs[i]), pairs[i + 1]);
        }
        return table;
    }
}
