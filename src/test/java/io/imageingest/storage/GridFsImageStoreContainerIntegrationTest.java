package io.imageingest.storage;

import io.imageingest.MongoImage;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The GridFS store against a real MongoDB (single-node replica set) in a container. Needs Docker; without
 * it the class is reported as skipped.
 */
@Testcontainers(disabledWithoutDocker = true)
class GridFsImageStoreContainerIntegrationTest extends GridFsImageStoreScenarios {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer(MongoImage.NAME).withReplicaSet();

    @Override
    String mongoUri() {
        return MONGO.getReplicaSetUrl();
    }
}
