package io.imageingest.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * A MongoDB-compatible server in a process of its own, for tests that run several service instances on one
 * database: mongo-java-server with the H2 backend (the same pair the service embeds), on a loopback port and
 * an MVStore file. Stopping it ({@code SIGTERM} commits the file and closes cleanly; {@code SIGKILL} loses at
 * most the last second of writes, H2's auto-commit delay) and starting it again on the same port and file
 * simulates a database outage.
 *
 * <p>Arguments: {@code --port=<port, 0 = any free one>} {@code --file=<path of the .mv file>}. Prints
 * {@value #READY} followed by the port once it accepts connections.
 */
public final class StandaloneMongo {

    /** Printed on stdout, followed by the bound port, when the server accepts connections. */
    public static final String READY = "StandaloneMongo ready on 127.0.0.1:";

    private StandaloneMongo() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int port = Integer.parseInt(option(args, "port", "0"));
        Path file = Path.of(option(args, "file", "mongo.mv")).toAbsolutePath();
        Files.createDirectories(file.getParent());
        ParentWatch.exitWhenParentGoes("StandaloneMongo");

        H2Backend backend = new H2Backend(file.toString());
        MongoServer server = new MongoServer(backend);
        bind(server, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            backend.commit();
            server.shutdownNow();
            System.out.println("StandaloneMongo stopped, " + file + " committed");
            stopped.countDown();
        }, "standalone-mongo-shutdown"));
        System.out.println(READY + server.getLocalAddress().getPort() + " file " + file);
        stopped.await();
    }

    /**
     * Binds once the port is free: on a restart the port of the previous run may still be held for a moment by
     * the operating system, and a failed {@link MongoServer#bind} closes the backend, so it is not retried.
     */
    private static void bind(MongoServer server, int port) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (port != 0 && !isFree(port) && Instant.now().isBefore(deadline)) {
            System.out.println("port " + port + " not free yet; waiting");
            Thread.sleep(250);
        }
        server.bind("127.0.0.1", port);
    }

    private static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String option(String[] args, String name, String fallback) {
        for (String arg : args) {
            if (arg.startsWith("--" + name + "=")) {
                return arg.substring(name.length() + 3);
            }
        }
        return fallback;
    }
}
