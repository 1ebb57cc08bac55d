package io.imageingest.system;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Tells a database that is unavailable (unreachable, timing out, failing over, or its client already
 * closed by a shutdown) from a database that answered with an error. The first is temporary: callers
 * retry or answer {@code 503}, and nothing is recorded as a failure of the user's data.
 */
public final class DatabaseErrors {

    private DatabaseErrors() {
    }

    public static boolean isUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MongoSocketException || t instanceof MongoTimeoutException
                    || t instanceof MongoConnectionPoolClearedException || t instanceof MongoNotPrimaryException
                    || t instanceof MongoNodeIsRecoveringException
                    || t instanceof DataAccessResourceFailureException) {
                return true;
            }
            // the driver's message once the client has been closed (shutdown in progress)
            if (t instanceof IllegalStateException && "state should be: open".equals(t.getMessage())) {
                return true;
            }
        }
        return false;
    }
}
