package io.imageingest;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.AfterAll;

/**
 * The shared-database scenarios against one embedded mongo-java-server started by the test; every instance
 * reaches it over the wire through {@code spring.mongodb.uri}, as it would a real MongoDB.
 */
class SharedEmbeddedMongoIntegrationTest extends SharedMongoScenarios {

    private final MongoServer server = new MongoServer(new MemoryBackend());

    SharedEmbeddedMongoIntegrationTest() {
        server.bind("127.0.0.1", 0);
    }

    @AfterAll
    void stopServer() {
        server.shutdownNow();
    }

    @Override
    String mongoUri() {
        return "mongodb://127.0.0.1:" + server.getLocalAddress().getPort() + "/imageingest";
    }
}
