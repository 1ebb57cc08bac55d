package io.imageingest.system;

import java.time.Duration;

import io.imageingest.product.ProductDocument;
import io.imageingest.request.RequestDocument;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.CompoundIndexDefinition;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/**
 * Creates the contract's indexes at start-up: unique ({@code requestId}, {@code serialNumber}) and
 * {@code requestId} on products, {@code status} on requests. The embedded server enforces the unique
 * one and ignores the others; a real MongoDB uses them all.
 */
@Component
@Order(0)
class MongoIndexes implements ApplicationRunner {

    private final ReactiveMongoTemplate mongo;

    MongoIndexes(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void run(ApplicationArguments args) {
        var products = mongo.indexOps(ProductDocument.class);
        products.createIndex(new CompoundIndexDefinition(
                        new org.bson.Document("requestId", 1).append("serialNumber", 1))
                        .unique().named("requestId_serialNumber_unique"))
                .then(products.createIndex(new Index("requestId", Sort.Direction.ASC).named("requestId")))
                .then(mongo.indexOps(RequestDocument.class)
                        .createIndex(new Index("status", Sort.Direction.ASC).named("status")))
                .block(Duration.ofSeconds(60));
    }
}
