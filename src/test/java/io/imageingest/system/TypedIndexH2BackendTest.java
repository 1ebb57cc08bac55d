package io.imageingest.system;

import static io.imageingest.system.EmbeddedServer.all;
import static io.imageingest.system.EmbeddedServer.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import com.mongodb.MongoException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TypedIndexH2BackendTest {

    @TempDir
    Path dir;

    @Test
    void behavesLikeTheStockBackendOverRandomOperationSequences() {
        for (long seed = 1; seed <= 3; seed++) {
            List<String> stock = run(seed, file -> new H2Backend(file.toString()), dir.resolve("stock-" + seed));
            List<String> typed = run(seed, file -> new TypedIndexH2Backend(MVStore.open(file.toString())),
                    dir.resolve("typed-" + seed));
            assertThat(typed).as("seed %d", seed).isEqualTo(stock);
            assertThat(stock).as("the sequence hits the unique indexes").contains("error 11000");
        }
    }

    @Test
    void keepsDocumentsAndUniqueIndexesAcrossRestart() {
        Path file = dir.resolve("mongo.mv");
        try (EmbeddedServer server = new EmbeddedServer(typed(file))) {
            MongoCollection<Document> products = withUniqueIndex(server.collection("products"));
            for (int i = 0; i < 2000; i++) {
                one(products.insertOne(product("r1", i)));
            }
            close(server);
        }
        try (EmbeddedServer server = new EmbeddedServer(typed(file))) {
            MongoCollection<Document> products = server.collection("products");
            assertThat(one(products.countDocuments())).isEqualTo(2000L);
            assertThat(one(products.find(Filters.eq("_id", "r1:1234"))).getString("productName")).isEqualTo("P1234");
            assertThatThrownBy(() -> one(products.insertOne(product("r1", 7).append("_id", "other"))))
                    .isInstanceOf(MongoException.class).hasMessageContaining("duplicate key");
            assertThatThrownBy(() -> one(products.insertOne(product("r1", 7))))
                    .isInstanceOf(MongoException.class).hasMessageContaining("duplicate key");
            one(products.insertOne(product("r2", 7)));
            close(server);
        }
    }

    @Test
    void opensFilesOfTheStockBackendAndRebuildsTheirIndexes() {
        Path file = dir.resolve("mongo.mv");
        try (EmbeddedServer server = new EmbeddedServer(new H2Backend(file.toString()))) {
            MongoCollection<Document> products = withUniqueIndex(server.collection("products"));
            for (int i = 0; i < 500; i++) {
                one(products.insertOne(product("r1", i)));
            }
            close(server);
        }
        try (EmbeddedServer server = new EmbeddedServer(typed(file))) {
            MVStore store = ((H2Backend) server.backend).getMvStore();
            assertThat(store.getMapNames()).noneMatch(name -> name.contains("._index_"))
                    .anyMatch(name -> name.endsWith("._kvindex_requestId_serialNumber"));
            MongoCollection<Document> products = server.collection("products");
            assertThat(all(products.find().sort(Sorts.ascending("serialNumber"))))
                    .extracting(d -> d.getLong("serialNumber")).hasSize(500).startsWith(0L, 1L).endsWith(499L);
            assertThatThrownBy(() -> one(products.insertOne(product("r1", 42).append("_id", "x"))))
                    .isInstanceOf(MongoException.class).hasMessageContaining("duplicate key");
            one(products.updateOne(Filters.eq("_id", "r1:3"), Updates.set("productName", "renamed")));
            close(server);
        }
        try (EmbeddedServer server = new EmbeddedServer(typed(file))) {
            MongoCollection<Document> products = server.collection("products");
            assertThat(one(products.find(Filters.eq("_id", "r1:3"))).getString("productName")).isEqualTo("renamed");
            assertThat(one(products.countDocuments())).isEqualTo(500L);
            close(server);
        }
    }

    @Test
    void theStockBackendRefusesAFileWithBsonDocumentsInsteadOfMisreadingIt() {
        Path file = dir.resolve("mongo.mv");
        try (EmbeddedServer server = new EmbeddedServer(typed(file))) {
            one(withUniqueIndex(server.collection("products")).insertOne(product("r1", 1)));
            close(server);
        }
        assertThatThrownBy(() -> new H2Backend(file.toString())).hasMessageContaining("Unsupported type");
    }

    @Test
    void dropsTheTypedIndexMapWithItsIndex() {
        try (EmbeddedServer server = new EmbeddedServer(typed(dir.resolve("mongo.mv")))) {
            MongoCollection<Document> products = withUniqueIndex(server.collection("products"));
            one(products.insertOne(product("r1", 1)));
            one(products.dropIndex("requestId_serialNumber"));
            MVStore store = ((H2Backend) server.backend).getMvStore();
            assertThat(store.getMapNames()).noneMatch(name -> name.endsWith("._kvindex_requestId_serialNumber"));
            one(products.insertOne(product("r1", 1).append("_id", "again")));
            one(products.drop());
            assertThat(one(products.countDocuments())).isZero();
            one(products.insertOne(product("r1", 1)));
        }
    }

    private static MongoBackend typed(Path file) {
        return new TypedIndexH2Backend(MVStore.open(file.toString()));
    }

    private static void close(EmbeddedServer server) {
        ((H2Backend) server.backend).commit();
        server.close();
        server.backend.close();
    }

    private static MongoCollection<Document> withUniqueIndex(MongoCollection<Document> products) {
        one(products.createIndex(Indexes.ascending("requestId", "serialNumber"),
                new IndexOptions().unique(true).name("requestId_serialNumber")));
        return products;
    }

    private static Document product(String requestId, long serial) {
        return new Document("_id", requestId + ":" + serial).append("requestId", requestId)
                .append("serialNumber", serial).append("productName", "P" + serial)
                .append("inputImageUrls", List.of("http://example.com/" + serial + ".jpg"))
                .append("outputImageUrls", List.of());
    }

    /**
     * Applies a seeded random mix of inserts (some duplicate on {@code _id} or on the compound unique key,
     * with keys of several BSON types), updates, deletes and look-ups, and returns what every step
     * answered, then what survived a restart.
     */
    private static List<String> run(long seed, Function<Path, MongoBackend> backend, Path file) {
        Random random = new Random(seed);
        List<String> log = new ArrayList<>();
        try (EmbeddedServer server = new EmbeddedServer(backend.apply(file))) {
            MongoCollection<Document> c = withUniqueIndex(server.collection("things"));
            for (int step = 0; step < 300; step++) {
                Object id = randomKey(random);
                Object requestId = randomKey(random);
                long serial = random.nextInt(20);
                int op = random.nextInt(10);
                try {
                    if (op < 5) {
                        one(c.insertOne(new Document("_id", id).append("requestId", requestId)
                                .append("serialNumber", serial).append("step", step)));
                        log.add("insert ok");
                    } else if (op < 7) {
                        log.add("find " + all(c.find(Filters.eq("_id", id))).size() + " "
                                + all(c.find(Filters.and(Filters.eq("requestId", requestId),
                                        Filters.eq("serialNumber", serial)))).size());
                    } else if (op < 9) {
                        log.add("update " + one(c.updateMany(Filters.eq("_id", id),
                                Updates.set("serialNumber", serial))).getModifiedCount());
                    } else {
                        log.add("delete " + one(c.deleteMany(Filters.eq("requestId", requestId))).getDeletedCount());
                    }
                } catch (MongoException e) {
                    log.add("error " + e.getCode());
                }
            }
            log.add("content " + all(c.find().sort(Sorts.ascending("step"))));
            close(server);
        }
        try (EmbeddedServer server = new EmbeddedServer(backend.apply(file))) {
            log.add("after restart " + all(server.collection("things").find().sort(Sorts.ascending("step"))));
            close(server);
        }
        return log;
    }

    private static Object randomKey(Random random) {
        int value = random.nextInt(8);
        return switch (random.nextInt(4)) {
            case 0 -> "k" + value;
            case 1 -> (long) value;
            case 2 -> value;
            default -> value + 0.5;
        };
    }
}
