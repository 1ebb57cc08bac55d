package io.imageingest.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Everything a multi-process test runs: one {@link MongoProcess} and any number of {@link ServiceProcess}
 * instances on it, all on 127.0.0.1. Logs go to {@code target/cluster-logs/<name>/}, data to
 * {@code target/cluster-data/<name>/} (both emptied when the cluster is created). {@link #close} ends every
 * process, and a shutdown hook does the same if the test JVM exits first.
 *
 * <p>Output storage: GridFS in the shared database ({@code app.storage.type=gridfs}); every instance has a
 * data directory of its own, so nothing but the database is shared and any instance serves any output.
 */
public final class Cluster implements AutoCloseable {

    /** The one base URL every instance puts in output URLs, as behind a load balancer. */
    public static final String PUBLIC_BASE_URL = "http://ingest.cluster.test";
    /** The database the instances use. */
    public static final String DATABASE = "imageingest";

    private final String name;
    private final Path logDir;
    private final Path dataDir;
    private final List<ServiceProcess> services = new ArrayList<>();
    private final Thread hook = new Thread(this::closeQuietly, "cluster-cleanup");
    private MongoProcess mongo;
    private ClusterDb db;

    public Cluster(String name) {
        this.name = name;
        Path target = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).resolve("target");
        this.logDir = target.resolve("cluster-logs").resolve(name);
        this.dataDir = target.resolve("cluster-data").resolve(name).toAbsolutePath();
        deleteRecursively(logDir);
        deleteRecursively(dataDir);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Starts the database process (once) and returns it. */
    public synchronized MongoProcess mongo() {
        if (mongo == null) {
            mongo = new MongoProcess(logDir.resolve("mongo.log"), dataDir.resolve("mongo").resolve("mongo.mv"));
            mongo.start();
        }
        return mongo;
    }

    /**
     * A new instance, not started yet, with the cluster's settings: the shared database and output store, the
     * common public base URL, fast polling and heartbeats and a short lease so that takeovers are quick.
     */
    public synchronized ServiceProcess service(String instanceName) {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("server.port", "0");
        defaults.put("spring.mongodb.uri", mongo().uri(DATABASE));
        defaults.put("app.data-dir", dataDir.resolve(instanceName).toString());
        defaults.put("app.storage.type", "gridfs");
        defaults.put("app.public-base-url", PUBLIC_BASE_URL);
        defaults.put("app.outbound.allow-list", "127.0.0.1");
        defaults.put("app.worker.poll-interval", "200ms");
        defaults.put("app.worker.heartbeat", "250ms");
        defaults.put("app.worker.lease", "5s");
        defaults.put("app.webhook.poll-interval", "500ms");
        defaults.put("app.image.compress-concurrency", "1");
        // small heaps (see ServiceProcess): test images are tiny, and this keeps the heap check quiet
        defaults.put("app.image.max-pixels", "4000000");
        defaults.put("spring.main.banner-mode", "off");
        ServiceProcess service = new ServiceProcess(instanceName, logDir.resolve(instanceName + ".log"), defaults);
        services.add(service);
        return service;
    }

    /** Starts the instances side by side (start-up is mostly waiting) and returns once all are healthy. */
    public void startAll(ServiceProcess... instances) {
        // own threads: the common pool has a single thread on a two-core machine
        ExecutorService pool = Executors.newFixedThreadPool(instances.length);
        try {
            List<CompletableFuture<ServiceProcess>> starting = Stream.of(instances)
                    .map(s -> CompletableFuture.supplyAsync(s::start, pool)).toList();
            CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).get(ServiceProcess.START_TIMEOUT.toSeconds() + 60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error; // an instance's failed start, with its log in the message
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("instances did not start", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Direct access to the shared database, over the wire, for assertions on stored documents. */
    public synchronized ClusterDb db() {
        if (db == null) {
            db = new ClusterDb(mongo().uri(DATABASE));
        }
        return db;
    }

    /** An output URL as stored (under {@link #PUBLIC_BASE_URL}) rewritten to be fetched from {@code instance}. */
    public static String via(ServiceProcess instance, String outputUrl) {
        if (!outputUrl.startsWith(PUBLIC_BASE_URL + "/")) {
            throw new AssertionError("output URL " + outputUrl + " is not under " + PUBLIC_BASE_URL);
        }
        return instance.baseUrl() + outputUrl.substring(PUBLIC_BASE_URL.length());
    }

    /** Prints the end of every process's log to stderr (and says where the full logs are). */
    public synchronized void dumpLogs(String why) {
        StringBuilder out = new StringBuilder("\n===== cluster " + name + ": " + why + "; full logs in "
                + logDir.toAbsolutePath() + " =====\n");
        List<ChildJvm> all = new ArrayList<>();
        if (mongo != null) {
            all.add(mongo.jvm());
        }
        services.forEach(s -> all.add(s.jvm()));
        for (ChildJvm jvm : all) {
            out.append("----- ").append(jvm.log().getFileName()).append(" (last 150 lines) -----\n")
                    .append(jvm.tail(150)).append('\n');
        }
        System.err.println(out);
    }

    @Override
    public synchronized void close() {
        closeQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running or has run
        }
    }

    private synchronized void closeQuietly() {
        services.forEach(ServiceProcess::close);
        if (db != null) {
            db.close();
            db = null;
        }
        if (mongo != null) {
            mongo.close();
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty " + dir, e);
        }
    }
}
