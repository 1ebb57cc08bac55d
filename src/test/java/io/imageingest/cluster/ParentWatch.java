package io.imageingest.cluster;

import java.io.IOException;
import java.io.InputStream;

/**
 * Ends a child process of the test run when the test JVM goes away. The harness keeps each child's stdin
 * open for the child's whole life; the test JVM dying in any way (even {@code kill -9}, or a build cancelled
 * half-way) closes that pipe, and the child then exits through its normal shutdown instead of lingering on a
 * shared machine.
 */
final class ParentWatch {

    private ParentWatch() {
    }

    static void exitWhenParentGoes(String who) {
        Thread watcher = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() != -1) {
                    // nothing is ever sent: reading only waits for end of stream
                }
            } catch (IOException e) {
                // a broken pipe means the same as end of stream
            }
            System.err.println(who + ": the test process is gone (stdin closed); exiting");
            System.exit(1);
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
