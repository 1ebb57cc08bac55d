package io.imageingest.outbound;

import static io.imageingest.outbound.AddressPolicyClassificationTest.literal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing {@code app.outbound.allow-list} entries and matching connections against them. */
class AllowListTest {

    private static String refusal(String entry, String host, String address, int port) throws Exception {
        return AddressPolicy.of(List.of(entry)).refusal(host, literal(address), port);
    }

    @ParameterizedTest(name = "{0} allows {1} -> {2}:{3}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1:8081     | 127.0.0.1        | 127.0.0.1     | 8081
            127.0.0.1          | 127.0.0.1        | 127.0.0.1     | 1234
            10.0.0.0/8         | 10.20.30.40      | 10.20.30.40   | 80
            10.0.0.0/8:8443    | internal.test    | 10.9.9.9      | 8443
            127.0.0.0/8        | localhost        | 127.0.0.53    | 80
            localhost:9000     | localhost        | 127.0.0.1     | 9000
            localhost:9000     | LOCALHOST.       | 127.0.0.1     | 9000
            images.internal    | images.internal  | 192.168.7.7   | 443
            [::1]:8081         | ::1              | ::1           | 8081
            [::1]              | [::1]            | ::1           | 80
            [fc00::]/7         | fd00::5          | fd00::5       | 80
            [fc00::]/7:8080    | v6.internal      | fc12::1       | 8080
            [fc00::/7]         | fd00::5          | fd00::5       | 80
            127.0.0.1:8081     | ::ffff:127.0.0.1 | ::ffff:127.0.0.1 | 8081
            """)
    void listedHostAddressOrBlockIsAllowed(String entry, String host, String address, int port) throws Exception {
        assertThat(refusal(entry, host, address, port)).isNull();
    }

    @ParameterizedTest(name = "{0} does not allow {1} -> {2}:{3}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1:8081     | 127.0.0.1        | 127.0.0.1     | 8082
            127.0.0.1          | 127.0.0.2        | 127.0.0.2     | 80
            10.0.0.0/8         | 11.0.0.1         | 172.16.0.1    | 80
            localhost:9000     | localhost        | 127.0.0.1     | 9001
            localhost          | 127.0.0.1        | 127.0.0.1     | 80
            images.internal    | evil.test        | 192.168.7.7   | 443
            images.internal    | images.internal.evil.test | 192.168.7.7 | 443
            [::1]:8081         | ::1              | ::1           | 8080
            [fc00::]/7         | fe80::1          | fe80::1       | 80
            """)
    void anythingElseNonPublicIsRefused(String entry, String host, String address, int port) throws Exception {
        assertThat(refusal(entry, host, address, port)).isNotNull();
    }

    @Test
    void portMismatchSaysWhichPortIsAllowed() throws Exception {
        assertThat(refusal("127.0.0.1:8081", "127.0.0.1", "127.0.0.1", 9999)).isEqualTo(
                "127.0.0.1 is not a public address (loopback); app.outbound.allow-list allows it on port 8081, not 9999");
    }

    @Test
    void hostEntriesMatchTheNameInTheUrlNotTheAddress() throws Exception {
        assertThat(refusal("localhost", "localhost", "127.0.0.1", 80)).isNull();
        assertThat(refusal("localhost", "127.0.0.1", "127.0.0.1", 80)).isNotNull();
        assertThat(refusal("localhost", null, "127.0.0.1", 80)).isNotNull();
    }

    @Test
    void blanksAreIgnoredAndEntriesAreNormalised() {
        AddressPolicy policy = AddressPolicy.of(List.of(" Images.Internal. ", "", " ", "[::1]:8081", "10.0.0.0/8",
                "[fc00::]/7:8080", "[FC00::/7]", "127.0.0.1"));

        assertThat(policy.describe()).containsExactly("images.internal", "[::1]:8081", "10.0.0.0/8", "[fc00::]/7:8080",
                "[fc00::]/7", "127.0.0.1");
        assertThat(AddressPolicy.of(null).describe()).isEmpty();
    }

    @ParameterizedTest(name = "{0} is rejected: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            127.0.0.1:0          | port must be 1..65535
            127.0.0.1:65536      | port must be 1..65535
            127.0.0.1:http       | port must be 1..65535
            localhost:           | port must be 1..65535
            10.0.0.0/33          | prefix length must be 0..32
            [fc00::]/129         | prefix length must be 0..128
            10.0.0.0/x           | prefix length must be 0..32
            10.0.0.1/8           | has host bits set; did you mean 10.0.0.0/8?
            [fc00::1]/7          | has host bits set
            300.1.1.1/8          | is not an IP address
            ::1                  | write IPv6 addresses in brackets
            fc00::/7             | write IPv6 addresses in brackets
            [::1                 | '[' without ']'
            [::1]x               | unexpected 'x' after ']'
            [127.0.0.1]:80       | brackets are for IPv6 addresses only
            127.1                | write IPv4 addresses as four decimal numbers
            2130706433           | write IPv4 addresses as four decimal numbers
            0x7f.1               | write IPv4 addresses as four decimal numbers
            010.0.0.1            | write IPv4 addresses as four decimal numbers
            http://example.com   | not a URL
            bad host             | is not a host name, IP address or CIDR block
            -leading.dash        | is not a host name, IP address or CIDR block
            """)
    void malformedEntriesFailFastNamingTheEntry(String entry, String why) {
        assertThatIllegalArgumentException().isThrownBy(() -> AddressPolicy.of(List.of("8.8.8.8", entry)))
                .withMessageStartingWith("app.outbound.allow-list: bad entry '" + entry.trim() + "': ")
                .withMessageContaining(why);
    }
}
