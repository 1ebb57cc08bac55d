package io.imageingest.outbound;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class NumericHostsTest {

    @ParameterizedTest
    @CsvSource({
            "http://2130706433/a.jpg, http://127.0.0.1/a.jpg",
            "http://0x7f.1/a.jpg, http://127.0.0.1/a.jpg",
            "http://017700000001:8080/a.jpg, http://127.0.0.1:8080/a.jpg",
            "http://127.1/a.jpg?x=1, http://127.0.0.1/a.jpg?x=1",
            "http://0/a.jpg, http://0.0.0.0/a.jpg",
            "http://0xa9.254.169.254/latest, http://169.254.169.254/latest",
            "http://10.0x1.0.1/, http://10.1.0.1/",
            "http://user@3232235521/p, http://user@192.168.0.1/p"
    })
    void readsNumericSpellingsAsTheAddressTheyStandFor(String given, String expected) {
        assertThat(NumericHosts.normalise(URI.create(given))).isEqualTo(URI.create(expected));
    }

    @ParameterizedTest
    @CsvSource({"http://example.com/a.jpg", "http://127.0.0.1/a.jpg", "http://[::1]/a.jpg",
            "http://4294967296/a.jpg", "http://256.1.1.1/a.jpg", "http://1.2.3.4.5/a.jpg", "http://08/a.jpg"})
    void leavesNamesAddressesAndImpossibleNumbersAlone(String given) {
        assertThat(NumericHosts.normalise(URI.create(given))).isEqualTo(URI.create(given));
    }

    @Test
    void aNumericSpellingOfLoopbackIsRefusedByTheGuard() throws Exception {
        URI uri = NumericHosts.normalise(URI.create("http://2130706433:8080/"));
        // a dotted literal: getByName parses it without any lookup
        String refusal = AddressPolicy.publicOnly().refusal(uri.getHost(), java.net.InetAddress.getByName(uri.getHost()),
                8080);
        assertThat(refusal).contains("loopback");
    }
}
