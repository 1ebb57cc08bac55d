package io.imageingest.outbound;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import io.netty.util.NetUtil;

/**
 * Decides whether an outgoing connection may go to a resolved address: public addresses always,
 * non-public ones (loopback, private, link-local, CGNAT, unique-local, multicast, unspecified,
 * broadcast, reserved, documentation, benchmarking, and IPv6 forms embedding such IPv4 addresses)
 * only when {@code app.outbound.allow-list} names the host, the address or its block, and the port
 * if the entry has one. Immutable and thread-safe; never does a lookup.
 */
public final class AddressPolicy {

    private final List<AllowEntry> entries;

    private AddressPolicy(List<AllowEntry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Builds the policy from allow-list entries ({@code host}, {@code IP} or {@code CIDR}, each with
     * an optional {@code :port}; IPv6 in brackets). Blank entries are ignored.
     *
     * @throws IllegalArgumentException naming the first malformed entry and what is wrong with it,
     *     so that a bad configuration stops the application at start-up
     */
    public static AddressPolicy of(List<String> allowList) {
        List<AllowEntry> parsed = new ArrayList<>();
        for (String raw : allowList == null ? List.<String>of() : allowList) {
            if (raw == null || raw.isBlank()) {
                continue;
            }
            try {
                parsed.add(AllowEntry.parse(raw));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("app.outbound.allow-list: bad entry '" + raw.trim() + "': "
                        + e.getMessage(), e);
            }
        }
        return new AddressPolicy(parsed);
    }

    /** A policy that allows public addresses only. */
    public static AddressPolicy publicOnly() {
        return new AddressPolicy(List.of());
    }

    /**
     * Null when a connection to {@code address:port} is allowed, else why not, e.g.
     * {@code example.test resolves to 127.0.0.1, which is not a public address (loopback)}.
     *
     * @param host the host as written in the URL (a name or an IP literal); host entries of the
     *     allow-list match it. May be null when unknown: then only address entries can match.
     * @param address the address the connection would actually go to
     * @param port the port it would go to
     */
    public String refusal(String host, InetAddress address, int port) {
        String category = nonPublicCategory(address);
        if (category == null) {
            return null;
        }
        for (AllowEntry entry : entries) {
            if (entry.allows(host, address, port)) {
                return null;
            }
        }
        String ip = NetUtil.toAddressString(address, true);  // ::ffff:127.0.0.1, not ::ffff:7f00:1
        boolean literal = host == null || NetUtil.isValidIpV4Address(AllowEntry.normalizeHost(host))
                || NetUtil.isValidIpV6Address(AllowEntry.normalizeHost(host));
        String subject = literal ? ip + " is" : AllowEntry.normalizeHost(host) + " resolves to " + ip + ", which is";
        return subject + " not a public address (" + category + ")" + portHint(host, address, port);
    }

    /**
     * Null for a globally routable address, else its category ({@code loopback}, {@code private},
     * {@code link-local}, {@code carrier-grade NAT}, {@code unique-local}, {@code site-local},
     * {@code multicast}, {@code unspecified}, {@code broadcast}, {@code reserved},
     * {@code documentation}, {@code benchmarking}), with the IPv6 form appended when an IPv4
     * address is embedded, e.g. {@code loopback, IPv4-mapped}. Reads the raw bytes only.
     */
    public static String nonPublicCategory(InetAddress address) {
        return AddressClassifier.category(address.getAddress());
    }

    /** The parsed entries, normalised, for logging at start-up. */
    public List<String> describe() {
        return entries.stream().map(AllowEntry::toString).toList();
    }

    // "Allowed on another port" is the one refusal an operator cannot tell from the message alone.
    private String portHint(String host, InetAddress address, int port) {
        for (AllowEntry entry : entries) {
            if (entry.port() != -1 && entry.allows(host, address, entry.port())) {
                return "; app.outbound.allow-list allows it on port " + entry.port() + ", not " + port;
            }
        }
        return "";
    }

    @Override
    public String toString() {
        return "AddressPolicy" + describe();
    }
}
