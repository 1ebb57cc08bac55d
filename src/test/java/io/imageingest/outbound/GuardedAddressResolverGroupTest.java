package io.imageingest.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The guarding resolver around Netty's real DNS resolver, asking a scripted DNS server on loopback:
 * answers are checked at resolver level and nothing ever connects anywhere.
 */
class GuardedAddressResolverGroupTest {

    private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private LoopbackDns dns;
    private DnsAddressResolverGroup netty;

    @BeforeEach
    void start() throws Exception {
        dns = new LoopbackDns();
        netty = dns.resolverGroup();
    }

    @AfterEach
    void stop() {
        netty.close();
        dns.close();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private AddressResolver<InetSocketAddress> resolver(String... allowList) {
        return new GuardedAddressResolverGroup(netty, AddressPolicy.of(List.of(allowList))).getResolver(loop.next());
    }

    private static <T> Future<T> await(Future<T> future) {
        assertThat(future.awaitUninterruptibly(5, TimeUnit.SECONDS)).as("resolution finished").isTrue();
        return future;
    }

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByAddress(NetUtil.createByteArrayFromIpAddressString(literal));
    }

    @Test
    void publicAnswerIsReturnedUnchanged() throws Exception {
        dns.answer("cdn.test", ip("8.8.8.8"));

        Future<List<InetSocketAddress>> result = await(resolver().resolveAll(InetSocketAddress.createUnresolved("cdn.test", 443)));

        assertThat(result.isSuccess()).isTrue();
        assertThat(result.getNow()).extracting(a -> a.getAddress().getHostAddress(), InetSocketAddress::getPort)
                .containsExactly(tuple("8.8.8.8", 443));
    }

    @Test
    void nameAnsweredWithLoopbackIsRefused() throws Exception {
        dns.answer("example.test", ip("127.0.0.1"));

        Future<List<InetSocketAddress>> result = await(resolver().resolveAll(InetSocketAddress.createUnresolved("example.test", 80)));

        assertThat(result.cause()).isInstanceOf(BlockedAddressException.class)
                .hasMessage("BLOCKED_ADDRESS: example.test resolves to 127.0.0.1, which is not a public address (loopback)");
    }

    @Test
    void nameIsRefusedWhenAnyOfItsAnswersIsNotPublic() throws Exception {
        dns.answer("mixed.test", ip("8.8.8.8"), ip("169.254.169.254"));

        Future<List<InetSocketAddress>> result = await(resolver().resolveAll(InetSocketAddress.createUnresolved("mixed.test", 80)));

        assertThat(result.cause()).isInstanceOf(BlockedAddressException.class).hasMessageContaining("169.254.169.254")
                .hasMessageContaining("(link-local)");
    }

    @Test
    void singleResolveIsGuardedLikeResolveAll() throws Exception {
        dns.answer("mixed.test", ip("8.8.8.8"), ip("10.0.0.7"));

        Future<InetSocketAddress> result = await(resolver().resolve(InetSocketAddress.createUnresolved("mixed.test", 80)));

        assertThat(result.cause()).isInstanceOf(BlockedAddressException.class).hasMessageContaining("(private)");
    }

    @Test
    void everyResolutionIsCheckedSoARebindingAnswerIsRefused() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        InetAddress first = ip("1.1.1.1");
        InetAddress then = ip("127.0.0.1");
        dns.answer("rebind.test", () -> asked.incrementAndGet() <= 2 ? List.of(first) : List.of(then));
        AddressResolver<InetSocketAddress> resolver = resolver();

        Future<List<InetSocketAddress>> before = await(resolver.resolveAll(InetSocketAddress.createUnresolved("rebind.test", 80)));
        Future<List<InetSocketAddress>> after = await(resolver.resolveAll(InetSocketAddress.createUnresolved("rebind.test", 80)));

        assertThat(before.isSuccess()).isTrue();
        assertThat(after.cause()).isInstanceOf(BlockedAddressException.class).hasMessageContaining("rebind.test resolves to 127.0.0.1");
    }

    @ParameterizedTest
    @CsvSource({
            "::ffff:127.0.0.1,   loopback",              // Netty hands this back as the IPv4 address
            "64:ff9b::a9fe:a9fe, 'link-local, NAT64'",
            "2002:7f00:1::,      'loopback, 6to4'",
            "fd00::1,            unique-local"})
    void ipv6AnswerThatIsOrEmbedsANonPublicAddressIsRefused(String aaaa, String category) throws Exception {
        dns.answer("v6.test", Inet6Address.getByAddress(null, NetUtil.createByteArrayFromIpAddressString(aaaa), -1));

        Future<List<InetSocketAddress>> result = await(resolver().resolveAll(InetSocketAddress.createUnresolved("v6.test", 80)));

        assertThat(result.cause()).isInstanceOf(BlockedAddressException.class).hasMessageEndingWith("(" + category + ")");
    }

    @Test
    void ipLiteralsAreReportedUnresolvedAndCheckedWithoutAskingDns() throws Exception {
        AddressResolver<InetSocketAddress> resolver = resolver();
        InetSocketAddress literal = new InetSocketAddress(ip("127.0.0.1"), 8080);

        assertThat(resolver.isResolved(literal)).as("forces Reactor Netty to call resolveAll").isFalse();
        Future<List<InetSocketAddress>> result = await(resolver.resolveAll(literal));

        assertThat(result.cause()).isInstanceOf(BlockedAddressException.class)
                .hasMessage("BLOCKED_ADDRESS: 127.0.0.1 is not a public address (loopback)");
        assertThat(dns.questions()).isEmpty();
    }

    @Test
    void listedHostNameMayResolveToPrivateAddress() throws Exception {
        dns.answer("images.internal", ip("10.1.2.3"));

        Future<List<InetSocketAddress>> result = await(resolver("images.internal")
                .resolveAll(InetSocketAddress.createUnresolved("Images.Internal", 8080)));

        assertThat(result.isSuccess()).isTrue();
        assertThat(result.getNow().get(0).getAddress().getHostAddress()).isEqualTo("10.1.2.3");
    }

    @Test
    void localhostComesFromTheHostsFileAndIsRefusedUnlessListed() {
        Future<List<InetSocketAddress>> refused = await(resolver().resolveAll(InetSocketAddress.createUnresolved("localhost", 9000)));
        Future<List<InetSocketAddress>> listed = await(resolver("localhost:9000")
                .resolveAll(InetSocketAddress.createUnresolved("localhost", 9000)));

        assertThat(refused.cause()).isInstanceOf(BlockedAddressException.class)
                .hasMessageStartingWith("BLOCKED_ADDRESS: localhost resolves to 127.0.0.1");
        assertThat(listed.isSuccess()).isTrue();
        assertThat(dns.questions()).isEmpty();
    }

    /**
     * Netty's resolver (Reactor Netty's default) does not read BSD numeric spellings as addresses:
     * they are host names, asked of DNS, and fail there. Were some resolver to turn them into
     * 127.0.0.1, the guard refuses that answer.
     */
    @ParameterizedTest
    @ValueSource(strings = {"2130706433", "0x7f.1", "017700000001", "127.1", "0"})
    void numericSpellingsAreHostNamesToNettyAndTheirLoopbackAnswerIsRefused(String spelling) throws Exception {
        Future<List<InetSocketAddress>> asName = await(resolver().resolveAll(InetSocketAddress.createUnresolved(spelling, 80)));

        assertThat(asName.cause()).isInstanceOf(UnknownHostException.class);
        assertThat(dns.questions()).contains(spelling);

        dns.answer(spelling, ip("127.0.0.1"));
        Future<List<InetSocketAddress>> answered = await(resolver().resolveAll(InetSocketAddress.createUnresolved(spelling, 80)));

        assertThat(answered.cause()).isInstanceOf(BlockedAddressException.class)
                .hasMessage("BLOCKED_ADDRESS: " + spelling + " resolves to 127.0.0.1, which is not a public address (loopback)");
    }
}
