package io.imageingest.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.resolver.DefaultAddressResolverGroup;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.netty.http.client.HttpClient;
import reactor.test.StepVerifier;

/** A real guarded {@link HttpClient} against origins on loopback, addressed by IP literals. */
class OutboundGuardLiteralTest extends LoopbackClientFixture {

    @Test
    void loopbackIsRefusedWhenNotListedAndTheOriginSeesNoRequest() {
        assertBlocked(get(client(), "http://127.0.0.1:" + a.port() + "/img.jpg"),
                "BLOCKED_ADDRESS: 127.0.0.1 is not a public address (loopback)");

        assertThat(a.requests()).isZero();
    }

    @Test
    void loopbackIsAllowedWhenListedWithItsPort() {
        StepVerifier.create(get(client("127.0.0.1:" + a.port()), "http://127.0.0.1:" + a.port() + "/img.jpg"))
                .expectNext("200 ok").verifyComplete();

        assertThat(a.requests()).isEqualTo(1);
    }

    @Test
    void entryForAnotherPortDoesNotAllowThisOne() {
        assertBlocked(get(client("127.0.0.1:" + b.port()), "http://127.0.0.1:" + a.port() + "/"),
                "BLOCKED_ADDRESS: 127.0.0.1 is not a public address (loopback); app.outbound.allow-list allows it on port "
                        + b.port() + ", not " + a.port());

        assertThat(a.requests()).isZero();
    }

    @Test
    void listedCidrAllowsAnyPortInside() {
        StepVerifier.create(get(client("127.0.0.0/8"), "http://127.0.0.1:" + b.port() + "/")).expectNext("200 ok").verifyComplete();
    }

    @Test
    void redirectHopToAnUnlistedPortIsRefusedAndItsOriginSeesNoRequest() {
        HttpClient client = client("127.0.0.1:" + a.port());
        a.redirectTo("http://127.0.0.1:" + b.port() + "/next.jpg");

        String first = get(client, "http://127.0.0.1:" + a.port() + "/start.jpg").block(WAIT);
        assertThat(first).isEqualTo("302  -> http://127.0.0.1:" + b.port() + "/next.jpg");
        String location = first.substring(first.indexOf("-> ") + 3);

        assertBlocked(get(client, location), "BLOCKED_ADDRESS: 127.0.0.1 is not a public address (loopback);"
                + " app.outbound.allow-list allows it on port " + a.port() + ", not " + b.port());
        assertThat(a.requests()).isEqualTo(1);
        assertThat(b.requests()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[::ffff:127.0.0.1]", "[::127.0.0.1]", "0.0.0.0", "127.000.000.001"})
    void otherLiteralSpellingsOfTheLocalHostAreRefusedWithoutConnecting(String host) throws Exception {
        try (AcceptCounter origin = new AcceptCounter("127.0.0.1")) {
            StepVerifier.create(get(client(), "http://" + host + ":" + origin.port() + "/"))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(BlockedAddressException.class)
                            .hasMessageContaining("is not a public address (").hasMessageNotContaining("resolves"))
                    .verify(WAIT);
            assertThat(origin.connections()).isZero();
        }
    }

    @Test
    void ipv6LoopbackIsRefusedWithoutConnecting() throws Exception {
        AcceptCounter origin;
        try {
            origin = new AcceptCounter("::1");
        } catch (IOException e) {
            Assumptions.abort("no IPv6 loopback here: " + e);
            return;
        }
        try (origin) {
            assertBlocked(get(client(), "http://[::1]:" + origin.port() + "/"),
                    "BLOCKED_ADDRESS: ::1 is not a public address (loopback)");
            assertThat(origin.connections()).isZero();
        }
    }

    @Test
    void ipLiteralsGoThroughTheResolver() {
        AtomicInteger resolutions = new AtomicInteger();

        StepVerifier.create(get(client().doOnResolve(c -> resolutions.incrementAndGet()), "http://127.0.0.1:" + a.port() + "/"))
                .expectError(BlockedAddressException.class).verify(WAIT);

        assertThat(resolutions).as("without the guard Reactor Netty skips the resolver for a literal").hasValue(1);
    }

    @Test
    void connectTimeCheckAloneStopsTheConnection() throws Exception {
        AddressPolicy policy = AddressPolicy.publicOnly();
        try (AcceptCounter origin = new AcceptCounter("127.0.0.1")) {
            // No guarding resolver: only the pipeline check sees the literal.
            HttpClient connectCheckOnly = HttpClient.create(pool).doOnChannelInit((observer, channel, remote) ->
                    channel.pipeline().addFirst(ConnectGuard.NAME, new ConnectGuard(policy, "127.0.0.1")));
            // guard(..) followed by a resolver that replaces the guarding one.
            HttpClient resolverReplaced = OutboundGuard.guard(HttpClient.create(pool), policy)
                    .resolver(DefaultAddressResolverGroup.INSTANCE);

            for (HttpClient client : List.of(connectCheckOnly, resolverReplaced)) {
                assertBlocked(get(client, "http://127.0.0.1:" + origin.port() + "/"),
                        "BLOCKED_ADDRESS: 127.0.0.1 is not a public address (loopback)");
            }
            assertThat(origin.connections()).as("no TCP connection was opened").isZero();
        }
    }

    @Test
    void webClientReportsTheRefusalAsCauseOfItsRequestException() {
        WebClient web = WebClient.builder().clientConnector(new ReactorClientHttpConnector(client())).build();

        StepVerifier.create(web.get().uri(URI.create("http://127.0.0.1:" + a.port() + "/")).retrieve().toBodilessEntity())
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(WebClientRequestException.class);
                    assertThat(e.getCause()).isInstanceOf(BlockedAddressException.class);
                    assertThat(((BlockedAddressException) e.getCause()).detail())
                            .isEqualTo("127.0.0.1 is not a public address (loopback)");
                })
                .verify(WAIT);
        assertThat(a.requests()).isZero();
    }
}
