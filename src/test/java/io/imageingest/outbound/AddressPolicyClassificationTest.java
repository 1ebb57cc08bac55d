package io.imageingest.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import io.netty.util.NetUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses are public, on raw bytes: addresses are built from literals, never looked up or connected to. */
class AddressPolicyClassificationTest {

    /** Exactly the bytes of the literal; IPv4-mapped IPv6 stays an {@link Inet6Address}, as Reactor Netty builds it. */
    static InetAddress literal(String text) throws UnknownHostException {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text);
        assertThat(bytes).as("literal %s", text).isNotNull();
        return bytes.length == 16 ? Inet6Address.getByAddress(null, bytes, -1) : InetAddress.getByAddress(bytes);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1          | loopback
            127.255.255.254    | loopback
            10.0.0.1           | private
            10.255.255.255     | private
            172.16.0.1         | private
            172.31.255.255     | private
            192.168.1.1        | private
            169.254.169.254    | link-local
            169.254.0.1        | link-local
            100.64.0.1         | carrier-grade NAT
            100.127.255.255    | carrier-grade NAT
            224.0.0.1          | multicast
            239.255.255.250    | multicast
            0.0.0.0            | unspecified
            0.1.2.3            | unspecified
            255.255.255.255    | broadcast
            240.0.0.1          | reserved
            192.0.0.8          | reserved
            192.88.99.1        | reserved
            192.0.2.10         | documentation
            198.51.100.7       | documentation
            203.0.113.200      | documentation
            198.18.0.1         | benchmarking
            198.19.255.255     | benchmarking
            """)
    void ipv4RangesThatAreNotPublic(String address, String category) throws Exception {
        assertThat(AddressPolicy.nonPublicCategory(literal(address))).isEqualTo(category);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ::1                       | loopback
            ::                        | unspecified
            fe80::1                   | link-local
            febf:ffff::1              | link-local
            fc00::1                   | unique-local
            fd12:3456:789a::1         | unique-local
            ff02::1                   | multicast
            ff0e::101                 | multicast
            fec0::1                   | site-local
            2001:db8::1               | documentation
            3fff::1                   | documentation
            2001::1                   | reserved
            100::1                    | reserved
            64:ff9b:1::a00:1          | reserved
            ::ffff:127.0.0.1          | loopback, IPv4-mapped
            ::ffff:10.0.0.1           | private, IPv4-mapped
            ::ffff:169.254.169.254    | link-local, IPv4-mapped
            ::ffff:0.0.0.0            | unspecified, IPv4-mapped
            ::7f00:1                  | loopback, IPv4-compatible
            ::c0a8:1                  | private, IPv4-compatible
            ::808:808                 | reserved, IPv4-compatible
            ::127.0.0.1               | loopback, IPv4-mapped
            64:ff9b::7f00:1           | loopback, NAT64
            64:ff9b::a9fe:a9fe        | link-local, NAT64
            2002:7f00:1::             | loopback, 6to4
            2002:a00:1::1             | private, 6to4
            2002:c0a8:101::           | private, 6to4
            """)
    void ipv6RangesAndEmbeddedIpv4FormsThatAreNotPublic(String address, String category) throws Exception {
        // (Netty's parser, like Reactor Netty for URLs, reads the dotted "::127.0.0.1" as IPv4-mapped.)
        assertThat(AddressPolicy.nonPublicCategory(literal(address))).isEqualTo(category);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "93.184.216.34", "100.63.255.255", "100.128.0.0", "172.15.255.255",
            "172.32.0.0", "192.167.255.255", "169.253.255.255", "223.255.255.255", "198.17.255.255", "198.20.0.0",
            "2606:4700:4700::1111", "2001:4860:4860::8888", "2a00:1450:4001:80b::200e",
            "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"})
    void publicAddressesHaveNoCategory(String address) throws Exception {
        assertThat(AddressPolicy.nonPublicCategory(literal(address))).isNull();
    }

    @Test
    void jdkMappedSpellingIsTheIpv4AddressAndRefusedAlike() throws Exception {
        // The JDK parses this literal itself (no lookup) and hands back the plain IPv4 address.
        InetAddress jdk = InetAddress.getByName("::ffff:127.0.0.1");

        assertThat(AddressPolicy.nonPublicCategory(jdk)).isEqualTo("loopback");
        assertThat(AddressPolicy.publicOnly().refusal("[::ffff:127.0.0.1]", literal("::ffff:127.0.0.1"), 80))
                .isEqualTo("::ffff:127.0.0.1 is not a public address (loopback, IPv4-mapped)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "::ffff:127.0.0.1", "10.0.0.1", "169.254.169.254", "0.0.0.0", "::"})
    void emptyAllowListRefusesEveryNonPublicAddress(String address) throws Exception {
        assertThat(AddressPolicy.of(List.of()).refusal(address, literal(address), 80))
                .endsWith(")").contains("is not a public address (");
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "2606:4700:4700::1111"})
    void publicAddressesAreAllowedWhateverTheAllowList(String address) throws Exception {
        assertThat(AddressPolicy.of(List.of("10.0.0.0/8")).refusal("cdn.example", literal(address), 443)).isNull();
    }
}
