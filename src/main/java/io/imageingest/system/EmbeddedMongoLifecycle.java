package io.imageingest.system;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.springframework.context.SmartLifecycle;

/**
 * Shuts the embedded server down after everything that uses the driver has stopped (highest phase
 * stops first, so this one runs last), committing the H2 file cleanly.
 */
final class EmbeddedMongoLifecycle implements SmartLifecycle {

    private final MongoServer server;
    private final MongoBackend backend;
    private volatile boolean running;

    EmbeddedMongoLifecycle(MongoServer server, MongoBackend backend) {
        this.server = server;
        this.backend = backend;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        if (backend instanceof H2Backend h2) {
            h2.commit();
        }
        server.shutdownNow();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 100;
    }
}
