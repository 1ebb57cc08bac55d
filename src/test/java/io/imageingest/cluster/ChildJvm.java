package io.imageingest.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * One JVM started from the test run's own Java and class path, with stdout and stderr appended to one log
 * file. Its stdin stays an open pipe for its whole life (see {@link ParentWatch}).
 */
final class ChildJvm {

    private final String name;
    private final Path log;
    private Process process;
    private long logOffset;

    ChildJvm(String name, Path log) {
        this.name = name;
        this.log = log;
    }

    /** The {@code java} of the JVM running the tests, so children run on the same Java wherever CI put it. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    void start(List<String> jvmOptions, Class<?> mainClass, List<String> args) {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            logOffset = Files.exists(log) ? Files.size(log) : 0;
            Files.writeString(log, "==== " + Instant.now() + " starting " + name + ": " + mainClass.getName()
                            + " " + String.join(" ", args) + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Waits for a line of this run's output matching {@code pattern} and returns its first group. */
    String awaitLine(Pattern pattern, Duration timeout) {
        String[] found = new String[1];
        try {
            await(name + " to log " + pattern).atMost(timeout).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        Matcher m = pattern.matcher(output());
                        if (m.find()) {
                            found[0] = m.groupCount() > 0 ? m.group(1) : m.group();
                            return true;
                        }
                        if (!isAlive()) {
                            throw new IllegalStateException(name + " exited with " + process.exitValue()
                                    + " before logging " + pattern + "\n" + tail(80));
                        }
                        return false;
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + tail(80), e);
        }
        return found[0];
    }

    /** Output of the current run only (a restarted process appends to the same file). */
    String output() {
        try {
            byte[] all = Files.readAllBytes(log);
            int from = (int) Math.min(logOffset, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The last {@code lines} lines of the whole log file. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e + ")";
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** {@code SIGTERM}; waits for the exit and returns its code, or fails after {@code timeout}. */
    int terminate(Duration timeout) {
        process.destroy();
        return awaitExit(timeout);
    }

    /** {@code SIGKILL}; returns once the process is gone. */
    void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** Waits for the process to end by itself and returns its exit code. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " still running " + timeout + " after being asked to stop\n"
                        + tail(40));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Ends the process whatever state it is in; never throws. */
    void destroyQuietly() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
