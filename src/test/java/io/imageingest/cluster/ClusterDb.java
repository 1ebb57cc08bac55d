package io.imageingest.cluster;

import java.time.Duration;
import java.util.List;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import org.bson.Document;
import org.bson.conversions.Bson;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static com.mongodb.client.model.Filters.eq;

/**
 * The cluster's database as the tests see it: the MongoDB driver talking to the database process over the
 * wire, independent of the service's own repositories. Blocking is fine here: this is test code.
 */
public final class ClusterDb implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final MongoClient client;
    private final MongoDatabase database;

    ClusterDb(String uri) {
        ConnectionString cs = new ConnectionString(uri);
        this.client = MongoClients.create(MongoClientSettings.builder().applyConnectionString(cs)
                .applyToClusterSettings(b -> b.serverSelectionTimeout(5, java.util.concurrent.TimeUnit.SECONDS))
                .build());
        this.database = client.getDatabase(cs.getDatabase());
    }

    /** The {@code requests} document of {@code id}, or {@code null}. */
    public Document request(String id) {
        return Mono.from(database.getCollection("requests").find(eq("_id", id)).first()).block(TIMEOUT);
    }

    /** The {@code products} documents of a request. */
    public List<Document> products(String requestId) {
        return find("products", eq("requestId", requestId));
    }

    public List<Document> find(String collection, Bson filter) {
        return Flux.from(database.getCollection(collection).find(filter)).collectList().block(TIMEOUT);
    }

    public long count(String collection, Bson filter) {
        return Mono.from(database.getCollection(collection).countDocuments(filter)).block(TIMEOUT);
    }

    public long count(String collection) {
        return count(collection, new Document());
    }

    @Override
    public void close() {
        client.close();
    }
}
