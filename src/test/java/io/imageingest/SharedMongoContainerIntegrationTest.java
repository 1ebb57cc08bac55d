package io.imageingest;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The shared-database scenarios against a real MongoDB (single-node replica set) in a container. Needs
 * Docker; without it the class is reported as skipped.
 */
@Testcontainers(disabledWithoutDocker = true)
class SharedMongoContainerIntegrationTest extends SharedMongoScenarios {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer(MongoImage.NAME).withReplicaSet();

    @Override
    String mongoUri() {
        return MONGO.getReplicaSetUrl("imageingest");
    }
}
