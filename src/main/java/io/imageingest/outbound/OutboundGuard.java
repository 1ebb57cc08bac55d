package io.imageingest.outbound;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.function.Supplier;

import io.netty.resolver.AddressResolverGroup;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientConfig;

/**
 * Puts an {@link AddressPolicy} in front of every connection a Reactor Netty {@link HttpClient} opens.
 */
public final class OutboundGuard {

    private OutboundGuard() {
    }

    /**
     * {@code client} with two checks of every new connection's target address, redirect hops and
     * IP-literal URLs included:
     * <ol>
     * <li>a {@link GuardedAddressResolverGroup} around the resolver the client would otherwise use
     *     (the one set with {@code resolver(..)}, or Reactor Netty's default non-blocking DNS resolver
     *     from {@code HttpResources}), which also receives IP literals;</li>
     * <li>a {@code connect}-time check in the channel pipeline on the address the socket is connected
     *     to, failing the connect before any packet is sent.</li>
     * </ol>
     * Refusals fail the request with a {@link BlockedAddressException} (as the cause of WebClient's
     * {@code WebClientRequestException}). Call this last: a later {@code resolver(..)} would replace
     * the guarding resolver (the connect-time check would still refuse). A configured proxy is
     * checked as the connection's target, not the URL host behind it.
     */
    public static HttpClient guard(HttpClient client, AddressPolicy policy) {
        HttpClientConfig config = client.configuration();
        AddressResolverGroup<?> configured = config.resolver();
        // Without an explicit resolver Reactor Netty uses HttpResources' shared DNS resolver, which it
        // may dispose and recreate (e.g. on context shutdown): look it up per use instead of keeping it.
        Supplier<? extends AddressResolverGroup<?>> delegate =
                configured != null ? () -> configured : config::defaultAddressResolverGroup;
        return client
                .resolver(new GuardedAddressResolverGroup(delegate, policy))
                .doOnChannelInit((observer, channel, remoteAddress) -> {
                    if (channel.pipeline().get(ConnectGuard.NAME) == null) {
                        channel.pipeline().addFirst(ConnectGuard.NAME, new ConnectGuard(policy, hostOf(remoteAddress)));
                    }
                });
    }

    /** The host string the connection was requested for, without triggering a reverse lookup. */
    private static String hostOf(SocketAddress remoteAddress) {
        return remoteAddress instanceof InetSocketAddress inet ? inet.getHostString() : null;
    }
}
