package io.imageingest.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;

import io.netty.resolver.dns.DnsAddressResolverGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.netty.http.client.HttpClient;
import reactor.test.StepVerifier;

/**
 * A real guarded {@link HttpClient} against origins on loopback, addressed by host names that
 * Reactor Netty's DNS resolver looks up in the hosts file or asks of the loopback DNS server.
 */
class OutboundGuardHostNameTest extends LoopbackClientFixture {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void guardWrapsTheResolverReactorNettyWouldOtherwiseUse() {
        HttpClient plain = HttpClient.create();
        DnsAddressResolverGroup own = dns.resolverGroup();
        try {
            HttpClient guarded = OutboundGuard.guard(plain, AddressPolicy.publicOnly());
            HttpClient guardedOwn = OutboundGuard.guard(HttpClient.create().resolver(own), AddressPolicy.publicOnly());

            assertThat(plain.configuration().resolver()).as("nothing configured: Reactor Netty's default").isNull();
            assertThat(((GuardedAddressResolverGroup) guarded.configuration().resolver()).delegate())
                    .isInstanceOf(DnsAddressResolverGroup.class)
                    .isSameAs(plain.configuration().defaultAddressResolverGroup());
            assertThat(((GuardedAddressResolverGroup) guardedOwn.configuration().resolver()).delegate()).isSameAs(own);
        } finally {
            own.close();
        }
    }

    @Test
    void localhostResolvesToLoopbackAndIsRefusedUnlessListed() {
        String url = "http://localhost:" + a.port() + "/";

        assertBlocked(get(namedClient(), url),
                "BLOCKED_ADDRESS: localhost resolves to 127.0.0.1, which is not a public address (loopback)");
        assertThat(a.requests()).isZero();

        StepVerifier.create(get(namedClient("localhost:" + a.port()), url)).expectNext("200 ok").verifyComplete();
        assertThat(a.requests()).isEqualTo(1);
        assertThat(dns.questions()).as("localhost comes from the hosts file").isEmpty();
    }

    @Test
    void nameWhoseDnsAnswerIsLoopbackIsRefused() {
        dns.answer("images.example.test", LOOPBACK);

        assertBlocked(get(namedClient(), "http://images.example.test:" + a.port() + "/"),
                "BLOCKED_ADDRESS: images.example.test resolves to 127.0.0.1, which is not a public address (loopback)");
        assertThat(a.requests()).isZero();
    }

    @Test
    void listedNameMayResolveToLoopback() {
        dns.answer("images.internal", LOOPBACK);

        StepVerifier.create(get(namedClient("images.internal"), "http://images.internal:" + a.port() + "/"))
                .expectNext("200 ok").verifyComplete();
        assertThat(a.requests()).isEqualTo(1);
    }

    /**
     * Reactor Netty hands these to the resolver as host names (Netty's literal parser takes dotted
     * quads only); Netty's DNS resolver asks DNS, here the loopback server, which knows none of them,
     * and the fetch fails. Where a DNS server answers 127.0.0.1 for such a name, the guard refuses.
     */
    @ParameterizedTest
    @ValueSource(strings = {"2130706433", "0x7f.1", "017700000001", "127.1", "0"})
    void numericSpellingsOfLoopbackNeverReachTheOrigin(String spelling) {
        String url = "http://" + spelling + ":" + a.port() + "/";

        StepVerifier.create(get(namedClient(), url))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(UnknownHostException.class)).verify(WAIT);
        assertThat(dns.questions()).as("looked up as a name").contains(spelling);

        dns.answer(spelling, LOOPBACK);
        assertBlocked(get(namedClient(), url),
                "BLOCKED_ADDRESS: " + spelling + " resolves to 127.0.0.1, which is not a public address (loopback)");
        assertThat(a.requests()).isZero();
    }
}
