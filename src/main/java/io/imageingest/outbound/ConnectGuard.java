package io.imageingest.outbound;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Second line of defence: sits at the head end of a client channel's pipeline and checks the address
 * of the {@code connect} operation itself, the one the socket is about to be connected to. A refused
 * address fails the connect promise before the socket is touched, so not even a SYN is sent. Catches
 * whatever might bypass the resolver (a resolver replaced after {@link OutboundGuard#guard}, a
 * future Reactor Netty shortcut for literals).
 */
final class ConnectGuard extends ChannelOutboundHandlerAdapter {

    static final String NAME = "outbound-address-guard";

    private final AddressPolicy policy;
    private final String host;

    /** @param host the host the connection was asked for (URL host), for host entries; may be null */
    ConnectGuard(AddressPolicy policy, String host) {
        this.policy = policy;
        this.host = host;
    }

    @Override
    public void connect(ChannelHandlerContext ctx, SocketAddress remote, SocketAddress local, ChannelPromise promise) {
        String refusal;
        if (remote instanceof InetSocketAddress inet && !inet.isUnresolved()) {
            refusal = policy.refusal(host != null ? host : inet.getHostString(), inet.getAddress(), inet.getPort());
        } else {
            // Nothing to check means nothing to vouch for.
            refusal = "cannot check unresolved or non-IP address " + remote;
        }
        if (refusal != null) {
            promise.setFailure(new BlockedAddressException(refusal));
            return;
        }
        ctx.connect(remote, local, promise);
    }

    @Override
    public boolean isSharable() {
        return false;
    }
}
