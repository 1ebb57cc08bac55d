package io.imageingest.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;

/**
 * Two counting origins on 127.0.0.1, a scripted DNS server on loopback and a private connection pool,
 * for tests of a real guarded {@link HttpClient}. Nothing leaves the machine: IP literals never reach
 * DNS, and host names are asked of the loopback DNS server (or found in the hosts file).
 */
abstract class LoopbackClientFixture {

    static final Duration WAIT = Duration.ofSeconds(10);

    CountingOrigin a;
    CountingOrigin b;
    LoopbackDns dns;
    ConnectionProvider pool;

    @BeforeEach
    void startLoopbackWorld() throws Exception {
        a = new CountingOrigin();
        b = new CountingOrigin();
        dns = new LoopbackDns();
        pool = ConnectionProvider.create("outbound-guard-test", 4);
    }

    @AfterEach
    void stopLoopbackWorld() {
        pool.dispose();
        dns.close();
        a.close();
        b.close();
    }

    /** Guarded, with Reactor Netty's default resolver: use with IP-literal URLs only. */
    HttpClient client(String... allowList) {
        return OutboundGuard.guard(HttpClient.create(pool), AddressPolicy.of(List.of(allowList)));
    }

    /** Guarded, with Reactor Netty's DNS resolver asking the loopback DNS server: for host names. */
    HttpClient namedClient(String... allowList) {
        return OutboundGuard.guard(HttpClient.create(pool).resolver(dns.reactorNettyResolver()),
                AddressPolicy.of(List.of(allowList)));
    }

    /** One GET, one hop: {@code "200 ok"} or {@code "302  -> <Location>"}. */
    static Mono<String> get(HttpClient client, String url) {
        return client.get().uri(url).responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                .map(text -> response.status().code() + " " + text
                        + (response.responseHeaders().contains("Location") ? " -> " + response.responseHeaders().get("Location") : "")));
    }

    static void assertBlocked(Mono<String> request, String message) {
        StepVerifier.create(request)
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(BlockedAddressException.class).hasMessage(message))
                .verify(WAIT);
    }
}
