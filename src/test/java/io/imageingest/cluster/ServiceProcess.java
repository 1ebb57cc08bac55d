package io.imageingest.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.imageingest.support.Api;

import static org.awaitility.Awaitility.await;

/**
 * One instance of the service as a real operating-system process ({@code java -cp <test class path>}), with its
 * own HTTP port (chosen by the instance itself: {@code server.port=0}, read back from its log, so no port can
 * be taken by someone else in between) and its output in {@code target/cluster-logs/<test>/<name>.log}.
 * Properties are set with {@link #set} before {@link #start}; an instance can be stopped and started again.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Pattern STARTED = Pattern.compile("Netty started on port (\\d+)");
    /**
     * Longest wait for an instance to start. Generous because build machines shared by many jobs can be slow to
     * start a Spring application; set {@code -Dcluster.start-timeout=PT2M} to fail sooner.
     */
    static final Duration START_TIMEOUT = Duration.parse(System.getProperty("cluster.start-timeout", "PT4M"));
    /** Longest wait for a request to end in the cluster tests, for the same reason. */
    static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(3);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final ChildJvm jvm;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true"));
    private volatile int port;

    ServiceProcess(String name, Path log, Map<String, String> defaults) {
        this.name = name;
        this.jvm = new ChildJvm(name, log);
        this.properties.putAll(defaults);
    }

    /** Sets (or replaces) a property passed as {@code --key=value}; takes effect at the next {@link #start}. */
    public ServiceProcess set(String key, String value) {
        properties.put(key, value);
        return this;
    }

    /** Starts the instance and waits until {@code /actuator/health} says {@code UP}. */
    public ServiceProcess start() {
        List<String> args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList();
        jvm.start(jvmOptions, ServiceMain.class, args);
        port = Integer.parseInt(jvm.awaitLine(STARTED, START_TIMEOUT));
        try {
            await(name + " healthy").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsMatching(e -> e instanceof IOException)
                    .until(this::healthy);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + jvm.tail(80), e);
        }
        return this;
    }

    /** Whether {@code /actuator/health} answers {@code 200} with status {@code UP}. */
    public boolean healthy() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 && response.body().contains("\"status\":\"UP\"");
    }

    /** Waits for {@code COMPLETED} or {@code FAILED} and returns the final status body. */
    public Map<String, Object> awaitTerminal(String requestId) {
        Api api = api();
        await(requestId + " to end").atMost(REQUEST_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> List.of("COMPLETED", "FAILED").contains(api.status(requestId).get("status")));
        return api.status(requestId);
    }

    /** {@code SIGTERM} ({@code Process.destroy()}): waits for the exit and returns its code. */
    public int stop(Duration timeout) {
        return jvm.terminate(timeout);
    }

    /** {@code SIGKILL} ({@code Process.destroyForcibly()}): gone at once, nothing runs on the way out. */
    public void kill() {
        jvm.kill();
    }

    public boolean isAlive() {
        return jvm.isAlive();
    }

    public long pid() {
        return jvm.pid();
    }

    /**
     * Whether a lease {@code owner} written by a worker belongs to this process: owners start with the JVM's
     * {@code pid@host} name.
     */
    public boolean owns(String owner) {
        return owner != null && owner.startsWith(pid() + "@");
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Api api() {
        return new Api(baseUrl());
    }

    /** This run's output so far. */
    public String output() {
        return jvm.output();
    }

    ChildJvm jvm() {
        return jvm;
    }

    @Override
    public void close() {
        jvm.destroyQuietly();
    }

    @Override
    public String toString() {
        return name + (port == 0 ? "" : " on " + baseUrl());
    }
}
