package io.imageingest.cluster;

import java.util.Optional;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Gives a test class one {@link Cluster} (register it as a {@code static} field with {@code @RegisterExtension}):
 * created before all tests, named after the class, closed after all tests whatever happened, and its logs
 * printed when a test or a set-up/tear-down method fails. Tests that need fresh processes per method start them
 * from the cluster and stop them in {@code @AfterEach}; whatever is still running is ended here at the latest.
 */
public final class ClusterExtension implements BeforeAllCallback, AfterAllCallback, TestWatcher,
        LifecycleMethodExecutionExceptionHandler {

    private Cluster cluster;

    public Cluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("the cluster exists from @BeforeAll on; register the extension static");
        }
        return cluster;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = new Cluster(context.getRequiredTestClass().getSimpleName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        dump(context.getDisplayName() + " failed: " + cause);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        dump("@BeforeAll failed: " + throwable);
        throw throwable;
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        dump("@BeforeEach failed: " + throwable);
        throw throwable;
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        dump("@AfterEach failed: " + throwable);
        throw throwable;
    }

    private void dump(String why) {
        Optional.ofNullable(cluster).ifPresent(c -> c.dumpLogs(why));
    }
}
