package io.imageingest.outbound;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

/**
 * Wraps another resolver group (Reactor Netty's non-blocking DNS resolver by default, see
 * {@link OutboundGuard#guard}) and checks every address it returns against an {@link AddressPolicy}:
 * when any of them is refused, the resolution fails with {@link BlockedAddressException}, so no
 * connection is attempted. The check applies to the answer actually used for the connection, so a
 * DNS answer that changes between a check and the connect (rebinding) cannot slip through.
 *
 * <p>Its resolvers report every address as unresolved, so that Reactor Netty, which skips the
 * resolver for IP literals it parsed itself ({@code http://127.0.0.1/}, {@code http://[::1]/}),
 * passes those through {@link AddressResolver#resolveAll} too; already resolved addresses are then
 * checked as they are, without asking the wrapped resolver.
 */
public final class GuardedAddressResolverGroup extends AddressResolverGroup<InetSocketAddress> {

    private final Supplier<? extends AddressResolverGroup<?>> delegate;
    private final AddressPolicy policy;

    /** Guards {@code delegate} with {@code policy}. The delegate stays owned by the caller: closing this group does not close it. */
    public GuardedAddressResolverGroup(AddressResolverGroup<?> delegate, AddressPolicy policy) {
        this(constant(Objects.requireNonNull(delegate, "delegate")), policy);
    }

    /**
     * Looks the delegate up on every resolution, for a shared group that its owner may dispose and
     * recreate (Reactor Netty's {@code HttpResources} default resolver).
     */
    GuardedAddressResolverGroup(Supplier<? extends AddressResolverGroup<?>> delegate, AddressPolicy policy) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** The wrapped group, as of now. */
    AddressResolverGroup<?> delegate() {
        return delegate.get();
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
        return new GuardedResolver(executor);
    }

    private static Supplier<AddressResolverGroup<?>> constant(AddressResolverGroup<?> group) {
        return () -> group;
    }

    private final class GuardedResolver implements AddressResolver<InetSocketAddress> {

        private final EventExecutor executor;

        GuardedResolver(EventExecutor executor) {
            this.executor = executor;
        }

        @Override
        public boolean isSupported(SocketAddress address) {
            return address instanceof InetSocketAddress;
        }

        @Override
        public boolean isResolved(SocketAddress address) {
            // Deliberately false even for IP literals: Reactor Netty connects straight to an address it
            // considers resolved, bypassing resolveAll and with it the policy.
            if (!isSupported(address)) {
                throw new UnsupportedAddressTypeException();
            }
            return false;
        }

        @Override
        public Future<InetSocketAddress> resolve(SocketAddress address) {
            return resolve(address, executor.newPromise());
        }

        @Override
        public Future<InetSocketAddress> resolve(SocketAddress address, Promise<InetSocketAddress> promise) {
            // Through resolveAll so that one refused address refuses the name, as for resolveAll.
            resolveAll(address).addListener((Future<List<InetSocketAddress>> all) -> {
                if (all.isSuccess()) {
                    promise.trySuccess(all.getNow().get(0));
                } else {
                    promise.tryFailure(all.cause());
                }
            });
            return promise;
        }

        @Override
        public Future<List<InetSocketAddress>> resolveAll(SocketAddress address) {
            return resolveAll(address, executor.newPromise());
        }

        @Override
        @SuppressWarnings("unchecked")
        public Future<List<InetSocketAddress>> resolveAll(SocketAddress address,
                                                          Promise<List<InetSocketAddress>> promise) {
            if (!(address instanceof InetSocketAddress target)) {
                return promise.setFailure(new UnsupportedAddressTypeException());
            }
            // The host as the URL wrote it: what host entries of the allow-list are matched against.
            String host = target.getHostString();
            if (!target.isUnresolved()) {
                check(host, List.of(target), promise);
                return promise;
            }
            try {
                AddressResolver<SocketAddress> resolver =
                        (AddressResolver<SocketAddress>) delegate.get().getResolver(executor);
                resolver.resolveAll(target).addListener((Future<List<SocketAddress>> f) -> {
                    if (f.isSuccess()) {
                        check(host, f.getNow(), promise);
                    } else {
                        promise.tryFailure(f.cause());
                    }
                });
            } catch (RuntimeException e) {
                promise.tryFailure(e);
            }
            return promise;
        }

        private void check(String host, List<? extends SocketAddress> resolved,
                           Promise<List<InetSocketAddress>> promise) {
            if (resolved == null || resolved.isEmpty()) {
                promise.tryFailure(new UnknownHostException(host));
                return;
            }
            List<InetSocketAddress> checked = new ArrayList<>(resolved.size());
            for (SocketAddress a : resolved) {
                if (!(a instanceof InetSocketAddress inet) || inet.isUnresolved()) {
                    promise.tryFailure(new UnknownHostException(host + " did not resolve to an IP address: " + a));
                    return;
                }
                String refusal = policy.refusal(host, inet.getAddress(), inet.getPort());
                if (refusal != null) {
                    promise.tryFailure(new BlockedAddressException(refusal));
                    return;
                }
                checked.add(inet);
            }
            promise.trySuccess(checked);
        }

        @Override
        public void close() {
            // The delegate group owns and closes its resolvers.
        }
    }
}
