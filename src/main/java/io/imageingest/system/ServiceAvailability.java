package io.imageingest.system;

import com.mongodb.connection.ClusterDescription;
import com.mongodb.event.ClusterDescriptionChangedEvent;
import com.mongodb.event.ClusterListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import reactor.core.publisher.Mono;

/**
 * Whether the service can take new work right now: not while it is shutting down, and not while the
 * driver's server monitor sees no writable MongoDB. Uploads ask first, so that during an outage they
 * are refused with a {@code 503} at once instead of after the server-selection timeout, and nothing
 * of them is half-stored.
 */
public class ServiceAvailability implements ClusterListener {

    private static final Logger log = LoggerFactory.getLogger(ServiceAvailability.class);

    private volatile boolean databaseReachable = true;
    private volatile boolean shuttingDown;

    @Override
    public void clusterDescriptionChanged(ClusterDescriptionChangedEvent event) {
        ClusterDescription description = event.getNewDescription();
        boolean reachable = description.hasWritableServer();
        boolean failed = description.getServerDescriptions().stream().anyMatch(s -> s.getException() != null);
        if (!reachable && !failed) {
            return; // still connecting, not a failure
        }
        boolean was = databaseReachable;
        databaseReachable = reachable;
        if (was && !reachable && !shuttingDown) {
            log.warn("MongoDB is unreachable: uploads answer 503 until it is back; workers pause");
        } else if (!was && reachable) {
            log.info("MongoDB is reachable again");
        }
    }

    /** Shutdown begins: the context publishes this before any component stops. */
    @EventListener(ContextClosedEvent.class)
    void onClose() {
        shuttingDown = true;
    }

    public boolean shuttingDown() {
        return shuttingDown;
    }

    public boolean databaseReachable() {
        return databaseReachable;
    }

    /** Completes when new uploads are accepted, else fails with a {@code 503} problem. */
    public Mono<Void> acceptingUploads() {
        if (shuttingDown) {
            return Mono.error(ApiException.unavailable("Shutting down",
                    "this instance is shutting down; retry the upload (another instance or this one after restart)"));
        }
        if (!databaseReachable) {
            return Mono.error(ApiException.unavailable("Database unavailable",
                    "the database is unreachable; nothing of this upload was stored; retry later"));
        }
        return Mono.empty();
    }
}
