package io.imageingest.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The shared database of a {@link Cluster}: a {@link StandaloneMongo} process. The first start picks a free
 * port; every restart reuses that port and the same data file, so the instances reconnect to "the same
 * database" after an outage.
 */
public final class MongoProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile(Pattern.quote(StandaloneMongo.READY) + "(\\d+)");

    private final ChildJvm jvm;
    private final Path file;
    private int port;

    MongoProcess(Path log, Path file) {
        this.jvm = new ChildJvm("mongo", log);
        this.file = file;
    }

    /** Starts the server (again) and waits until it accepts connections. */
    public MongoProcess start() {
        jvm.start(List.of("-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), StandaloneMongo.class,
                List.of("--port=" + port, "--file=" + file));
        port = Integer.parseInt(jvm.awaitLine(READY, ServiceProcess.START_TIMEOUT));
        return this;
    }

    /** {@code SIGTERM}: the file is committed and the server closes its connections. */
    public int stop() {
        return jvm.terminate(Duration.ofSeconds(30));
    }

    /** {@code SIGKILL}: writes of the last second (H2's auto-commit delay) may be lost. */
    public void kill() {
        jvm.kill();
    }

    public boolean isAlive() {
        return jvm.isAlive();
    }

    public int port() {
        return port;
    }

    /** Connection string of {@code database} on this server. */
    public String uri(String database) {
        return "mongodb://127.0.0.1:" + port + "/" + database;
    }

    ChildJvm jvm() {
        return jvm;
    }

    @Override
    public void close() {
        jvm.destroyQuietly();
    }
}
