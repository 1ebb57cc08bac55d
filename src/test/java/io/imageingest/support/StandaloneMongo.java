package io.imageingest.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

import static org.awaitility.Awaitility.await;

/**
 * A MongoDB-compatible server of the test's own, outside the service (the service reaches it through
 * {@code spring.mongodb.uri}, as it would a real MongoDB), with an H2 file so that it can be stopped
 * (an outage: every connection is cut) and started again on the same port with the same data.
 */
public final class StandaloneMongo implements AutoCloseable {

    private final Path file;
    private final int port;
    private volatile MongoServer server;

    public StandaloneMongo(Path dir) {
        this.file = dir.resolve("standalone-mongo.mv");
        this.port = freePort();
        start();
    }

    /** The connection string for {@code spring.mongodb.uri}. */
    public String uri() {
        return "mongodb://127.0.0.1:" + port + "/imageingest";
    }

    /** Starts (again) on the same port with the same data. */
    public synchronized void start() {
        MongoServer next = new MongoServer(new H2Backend(file.toString()));
        // the port may linger for a moment after a stop
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> {
                    next.bind("127.0.0.1", port);
                    return true;
                });
        server = next;
    }

    /** Stops listening, cuts every client connection and closes the data file. */
    public synchronized void stop() {
        MongoServer current = server;
        server = null;
        if (current != null) {
            current.shutdownNow();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
