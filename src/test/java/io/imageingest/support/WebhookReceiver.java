package io.imageingest.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver on 127.0.0.1 that records every delivery and answers from a script: each entry is
 * an HTTP status to answer, or {@link #HANG} to answer nothing for a while; the last entry repeats.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** Script entry: keep the connection open without answering (the sender times out). */
    public static final int HANG = -1;

    /** One received delivery. */
    public record Delivery(Map<String, List<String>> headers, byte[] body) {

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Integer> script = new ConcurrentLinkedQueue<>();
    private volatile int last = 200;

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                deliveries.add(new Delivery(Map.copyOf(exchange.getRequestHeaders()), body));
                Integer next = script.poll();
                int status = next != null ? next : last;
                if (next != null) {
                    last = next;
                }
                if (status == HANG) {
                    Thread.sleep(5_000);
                    return;
                }
                exchange.sendResponseHeaders(status, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the sender gave up (timeout)
            }
        });
        server.start();
    }

    /** Answers with these statuses in order, then keeps answering the last one. */
    public WebhookReceiver script(Integer... statuses) {
        script.clear();
        script.addAll(List.of(statuses));
        return this;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
