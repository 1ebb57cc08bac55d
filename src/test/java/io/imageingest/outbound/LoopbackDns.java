package io.imageingest.outbound;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.resolver.HostsFileEntriesResolver;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import reactor.netty.transport.NameResolverProvider;

/**
 * A scripted DNS server on 127.0.0.1 (UDP), so that tests can run Netty's real DNS resolver (the
 * one Reactor Netty uses) without any query leaving the machine. Answers A/AAAA from a table with
 * TTL 0, NXDOMAIN for unknown names, and records every question.
 */
final class LoopbackDns implements AutoCloseable {

    private final DatagramSocket socket;
    private final Map<String, Supplier<List<InetAddress>>> names = new ConcurrentHashMap<>();
    private final List<String> questions = new CopyOnWriteArrayList<>();
    private final Thread thread;

    LoopbackDns() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "loopback-dns");
        thread.setDaemon(true);
        thread.start();
    }

    /** Answers {@code name} with {@code addresses} (each query asks the supplier again). */
    LoopbackDns answer(String name, Supplier<List<InetAddress>> addresses) {
        names.put(name.toLowerCase(Locale.ROOT), addresses);
        return this;
    }

    LoopbackDns answer(String name, InetAddress... addresses) {
        return answer(name, () -> List.of(addresses));
    }

    /** Names asked so far (any type), lower case, without trailing dot. */
    List<String> questions() {
        return questions;
    }

    /**
     * Netty's DNS resolver group, as Reactor Netty builds it by default, but asking only this server,
     * without caching (so every resolution is a fresh answer) and without search domains.
     */
    DnsAddressResolverGroup resolverGroup() {
        return new DnsAddressResolverGroup(new DnsNameResolverBuilder()
                .datagramChannelType(NioDatagramChannel.class)
                .nameServerProvider(new SingletonDnsServerAddressStreamProvider(
                        (InetSocketAddress) socket.getLocalSocketAddress()))
                .hostsFileEntriesResolver(HostsFileEntriesResolver.DEFAULT)
                .searchDomains(List.of())
                .resolveCache(NoopDnsCache.INSTANCE)
                .queryTimeoutMillis(2_000));
    }

    /**
     * For {@code HttpClient.resolver(..)}: Reactor Netty's own default DNS resolver (channel types
     * matching its event loops), but asking only this server, uncached and without search domains.
     */
    Consumer<NameResolverProvider.NameResolverSpec> reactorNettyResolver() {
        InetSocketAddress server = (InetSocketAddress) socket.getLocalSocketAddress();
        return spec -> spec.searchDomains(List.of())
                .resolveCache(NoopDnsCache.INSTANCE)
                .queryTimeout(Duration.ofSeconds(2))
                .dnsAddressResolverGroupProvider(builder -> new DnsAddressResolverGroup(
                        builder.nameServerProvider(new SingletonDnsServerAddressStreamProvider(server))));
    }

    private void serve() {
        byte[] buffer = new byte[1500];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                byte[] reply = reply(buffer, packet.getLength());
                socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
            } catch (Exception e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private byte[] reply(byte[] q, int length) {
        int pos = 12;
        StringBuilder name = new StringBuilder();
        while (q[pos] != 0) {
            int len = q[pos] & 0xff;
            name.append(name.length() > 0 ? "." : "").append(new String(q, pos + 1, len, StandardCharsets.US_ASCII));
            pos += len + 1;
        }
        pos++;
        int type = ((q[pos] & 0xff) << 8) | (q[pos + 1] & 0xff);
        int questionEnd = pos + 4;
        String key = name.toString().toLowerCase(Locale.ROOT);
        questions.add(key);
        Supplier<List<InetAddress>> known = names.get(key);
        List<InetAddress> answers = known == null ? List.of() : known.get().stream()
                .filter(a -> a.getAddress().length == (type == 28 ? 16 : 4)).toList();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(q[0]);
        out.write(q[1]);
        out.write(0x81);                                   // response, recursion desired
        out.write(known == null ? 0x83 : 0x80);            // recursion available; NXDOMAIN or NOERROR
        out.writeBytes(new byte[] {0, 1, 0, (byte) answers.size(), 0, 0, 0, 0});
        out.write(q, 12, questionEnd - 12);
        for (InetAddress a : answers) {
            byte[] data = a.getAddress();
            out.writeBytes(new byte[] {(byte) 0xc0, 12, 0, (byte) type, 0, 1, 0, 0, 0, 0, 0, (byte) data.length});
            out.writeBytes(data);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        socket.close();
    }
}
