package io.imageingest.storage;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.AfterAll;

/** The GridFS store against the embedded mongo-java-server (memory backend), over the wire. */
class GridFsImageStoreIntegrationTest extends GridFsImageStoreScenarios {

    private final MongoServer server = new MongoServer(new MemoryBackend());

    GridFsImageStoreIntegrationTest() {
        // before the scenarios' @BeforeAll connects (one instance per class)
        server.bind("127.0.0.1", 0);
    }

    @AfterAll
    void stopServer() {
        server.shutdownNow();
    }

    @Override
    String mongoUri() {
        return "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
    }
}
