package io.imageingest.system;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import com.mongodb.ConnectionString;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts {@code mongo-java-server} on a loopback port when no {@code spring.mongodb.uri} is configured,
 * and points the real reactive driver at it through {@link MongoConnectionDetails}. Everything above the
 * driver is therefore identical with the embedded default and with a real MongoDB.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.mongodb.uri", matchIfMissing = true, havingValue = "__embedded__")
class EmbeddedMongoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoConfiguration.class);

    @Bean(destroyMethod = "")
    MongoBackend embeddedMongoBackend(AppProperties app, EmbeddedMongoProperties props) throws IOException {
        if ("memory".equalsIgnoreCase(props.backend())) {
            log.info("MongoDB: embedded mongo-java-server, in-memory backend (data is lost on exit)");
            return new MemoryBackend();
        }
        Path dir = app.dataDir().toAbsolutePath().normalize();
        Files.createDirectories(dir);
        Path file = dir.resolve("mongo.mv");
        int cacheMb = (int) Math.max(1, props.cacheSize().toMegabytes());
        int bufferKb = (int) Math.max(1, props.autoCommitBuffer().toKilobytes());
        log.info("MongoDB: embedded mongo-java-server, H2 backend in {} (page cache {} MB, auto-commit buffer {} KB)",
                file, cacheMb, bufferKb);
        MVStore store = new MVStore.Builder().fileName(file.toString()).cacheSize(cacheMb)
                .autoCommitBufferSize(bufferKb).open();
        return new TypedIndexH2Backend(store);
    }

    @Bean(destroyMethod = "")
    MongoServer embeddedMongoServer(MongoBackend backend, EmbeddedMongoProperties props) {
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", props.port());
        return server;
    }

    @Bean
    EmbeddedMongoLifecycle embeddedMongoLifecycle(MongoServer server, MongoBackend backend) {
        return new EmbeddedMongoLifecycle(server, backend);
    }

    @Bean
    MongoConnectionDetails embeddedMongoConnectionDetails(MongoServer server, EmbeddedMongoProperties props) {
        InetSocketAddress address = server.getLocalAddress();
        ConnectionString cs = new ConnectionString(
                "mongodb://127.0.0.1:" + address.getPort() + "/" + props.database());
        log.info("MongoDB: driver connects to the embedded server at {}", cs);
        return () -> cs;
    }

    @Bean
    DatabaseMode embeddedDatabaseMode() {
        return new DatabaseMode(true);
    }

    @Bean
    DurabilityBarrier embeddedDurabilityBarrier(MongoBackend backend) {
        return backend instanceof H2Backend h2 ? DurabilityBarrier.commitH2(h2) : DurabilityBarrier.NONE;
    }
}
