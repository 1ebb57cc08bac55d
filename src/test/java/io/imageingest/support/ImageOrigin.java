package io.imageingest.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP origin on 127.0.0.1 serving test images, with scripted misbehaviour (status codes,
 * failures before success, stalls) and a hit counter per path. Independent of the code under test:
 * it is the JDK's own server.
 */
public final class ImageOrigin implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    public ImageOrigin() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Absolute URL of a path on this origin. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Serves {@code body} with status 200. */
    public ImageOrigin serve(String path, byte[] body, String contentType) {
        routes.put(path, new Route(200, body, contentType, 0, null, null));
        return this;
    }

    /** Answers {@code status} with a small text body. */
    public ImageOrigin status(String path, int status) {
        routes.put(path, new Route(status, ("status " + status).getBytes(), "text/plain", 0, null, null));
        return this;
    }

    /** Answers {@code failures} times with {@code status}, then serves the body. */
    public ImageOrigin failThenServe(String path, int status, int failures, byte[] body, String contentType) {
        routes.put(path, new Route(200, body, contentType, failures, status, null));
        return this;
    }

    /** Redirects to {@code location}. */
    public ImageOrigin redirect(String path, String location) {
        routes.put(path, new Route(302, new byte[0], "text/plain", 0, null, location));
        return this;
    }

    /** Holds every response to {@code path} until the returned latch is counted down, then serves. */
    public CountDownLatch stall(String path, byte[] body, String contentType) {
        CountDownLatch latch = new CountDownLatch(1);
        routes.put(path, new Route(200, body, contentType, 0, null, null, latch));
        return latch;
    }

    /**
     * Serves {@code body} with status 200 in chunked transfer encoding (no {@code Content-Length}), so a client can
     * only learn its size by reading it.
     */
    public ImageOrigin serveChunked(String path, byte[] body, String contentType) {
        routes.put(path, new Route(200, body, contentType, 0, null, null, null, true, null, null));
        return this;
    }

    /**
     * Serves {@code body} with status 200, chunked, one byte at a time with {@code interval} between bytes (a slow
     * origin that never stalls long enough for a read timeout). Stops when the client goes away.
     */
    public ImageOrigin drip(String path, byte[] body, String contentType, Duration interval) {
        routes.put(path, new Route(200, body, contentType, 0, null, null, null, true, interval, null));
        return this;
    }

    /**
     * Serves {@code body} with status 200 after holding every response for {@code delay}, so a test can catch a
     * client in the middle of a series of downloads.
     */
    public ImageOrigin serveSlowly(String path, byte[] body, String contentType, Duration delay) {
        routes.put(path, new Route(200, body, contentType, 0, null, null, null, false, null, delay));
        return this;
    }

    /** Requests received for {@code path}. */
    public int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        int hit = hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        Route route = routes.get(path);
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            if (route == null) {
                send(exchange, 404, "not found".getBytes(), "text/plain");
                return;
            }
            if (route.latch() != null && !route.latch().await(120, TimeUnit.SECONDS)) {
                return;
            }
            if (route.delay() != null) {
                Thread.sleep(route.delay().toMillis());
            }
            if (route.failStatus() != null && hit <= route.failures()) {
                send(exchange, route.failStatus(), "transient".getBytes(), "text/plain");
                return;
            }
            if (route.location() != null) {
                exchange.getResponseHeaders().add("Location", route.location());
            }
            if (route.chunked()) {
                sendChunked(exchange, route.status(), route.body(), route.contentType(), route.dripInterval());
                return;
            }
            send(exchange, route.status(), route.body(), route.contentType());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away (for example after its timeout): nothing to answer
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body, String type) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void sendChunked(HttpExchange exchange, int status, byte[] body, String type, Duration interval)
            throws IOException, InterruptedException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, 0); // 0 = chunked
        try (OutputStream out = exchange.getResponseBody()) {
            if (interval == null) {
                for (int from = 0; from < body.length; from += 64 * 1024) {
                    out.write(body, from, Math.min(64 * 1024, body.length - from));
                    out.flush();
                }
                return;
            }
            for (byte b : body) {
                out.write(b);
                out.flush(); // one chunk per byte; fails once the client has closed the connection
                Thread.sleep(interval.toMillis());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private record Route(int status, byte[] body, String contentType, int failures, Integer failStatus,
                         String location, CountDownLatch latch, boolean chunked, Duration dripInterval,
                         Duration delay) {

        Route(int status, byte[] body, String contentType, int failures, Integer failStatus, String location) {
            this(status, body, contentType, failures, failStatus, location, null);
        }

        Route(int status, byte[] body, String contentType, int failures, Integer failStatus, String location,
              CountDownLatch latch) {
            this(status, body, contentType, failures, failStatus, location, latch, false, null, null);
        }
    }
}
