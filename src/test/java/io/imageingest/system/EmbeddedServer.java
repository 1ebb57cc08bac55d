package io.imageingest.system;

import java.time.Duration;
import java.util.List;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A mongo-java-server on a loopback port with a reactive driver client, for backend tests. */
final class EmbeddedServer implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    final MongoBackend backend;
    private final MongoServer server;
    private final MongoClient client;

    EmbeddedServer(MongoBackend backend) {
        this.backend = backend;
        this.server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        this.client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
    }

    MongoCollection<Document> collection(String name) {
        return client.getDatabase("test").getCollection(name);
    }

    static <T> T one(org.reactivestreams.Publisher<T> publisher) {
        return Mono.from(publisher).block(TIMEOUT);
    }

    static <T> List<T> all(org.reactivestreams.Publisher<T> publisher) {
        return Flux.from(publisher).collectList().block(TIMEOUT);
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
