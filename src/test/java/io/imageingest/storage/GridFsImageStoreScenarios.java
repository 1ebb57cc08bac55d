package io.imageingest.storage;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;

import com.mongodb.MongoWriteException;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.imageingest.support.TestImages;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The GridFS store against a MongoDB reached over the wire with the real reactive driver. Subclasses say
 * which MongoDB: the embedded server, or a real one in a container.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GridFsImageStoreScenarios {

    private static final int CHUNK = 16 * 1024;

    private MongoClient client;
    private MongoDatabase db;
    private GridFsImageStore store;
    private WebTestClient http;

    /** Connection string of the MongoDB under test, database included. */
    abstract String mongoUri();

    @BeforeAll
    void connect() {
        client = MongoClients.create(mongoUri());
        db = client.getDatabase("gridfs-" + UUID.randomUUID().toString().substring(0, 8));
        store = new GridFsImageStore(db, "images", CHUNK, Duration.ofSeconds(10));
        store.createIndexes().block(Duration.ofSeconds(30));
        http = WebTestClient.bindToRouterFunction(new ImageRoutes().imageRouter(new ImageHandler(store))).build();
    }

    @AfterAll
    void disconnect() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void storesAnImageThatExistsAndIsServedWithEtagAndNotModified() {
        String key = newKey(1, 0);
        byte[] jpeg = TestImages.jpeg(320, 200, 1);
        StepVerifier.create(store.exists(key)).expectNext(false).verifyComplete();

        StepVerifier.create(store.put(key, jpeg)).verifyComplete();

        StepVerifier.create(store.exists(key)).expectNext(true).verifyComplete();
        var ok = http.get().uri("/images/" + key).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.IMAGE_JPEG)
                .expectHeader().contentLength(jpeg.length)
                .expectHeader().valueMatches("Cache-Control", ".*max-age=31536000.*immutable.*")
                .expectHeader().valueMatches("ETag", "\"[0-9a-f]{32}\"")
                .expectBody(byte[].class).returnResult();
        assertThat(ok.getResponseBody()).isEqualTo(jpeg);
        String etag = ok.getResponseHeaders().getETag();
        http.get().uri("/images/" + key).header("If-None-Match", etag).exchange()
                .expectStatus().isNotModified()
                .expectHeader().valueEquals("ETag", etag)
                .expectBody().isEmpty();
        http.get().uri("/images/" + key).header("If-None-Match", "\"other\"").exchange().expectStatus().isOk();
    }

    @Test
    void servesAnImageOfSeveralChunksByteForByte() {
        String key = newKey(2, 3);
        byte[] big = new byte[CHUNK * 6 + 1234];
        new Random(7).nextBytes(big);

        StepVerifier.create(store.put(key, big)).verifyComplete();

        byte[] served = http.get().uri("/images/" + key).exchange()
                .expectStatus().isOk()
                .expectHeader().contentLength(big.length)
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(served).isEqualTo(big);
        String fileId = Mono.from(keys().find(new Document("_id", key)).first()).block().getString("fileId");
        assertThat(count(chunks(), new Document("files_id", fileId))).isEqualTo(7);
    }

    @Test
    void unknownAndMalformedKeysAreNotFound() {
        StepVerifier.create(store.get(newKey(9, 9))).verifyComplete();
        StepVerifier.create(store.exists(newKey(9, 9))).expectNext(false).verifyComplete();
        StepVerifier.create(store.get("../../etc/passwd")).verifyComplete();
        StepVerifier.create(store.put("../x.jpg", new byte[]{1})).verifyError(IllegalArgumentException.class);
    }

    @Test
    void storingTheSameKeyAgainKeepsTheFirstOutput() {
        String key = newKey(3, 0);
        byte[] first = TestImages.jpeg(100, 80, 31);
        byte[] second = TestImages.jpeg(120, 90, 32);
        store.put(key, first).block();
        String etag = store.get(key).block().etag();

        StepVerifier.create(store.put(key, first)).verifyComplete();
        StepVerifier.create(store.put(key, second)).verifyComplete();

        assertThat(read(key)).isEqualTo(first);
        assertThat(store.get(key).block().etag()).isEqualTo(etag);
        assertThat(count(files(), new Document("filename", key))).as("one GridFS file per key").isEqualTo(1);
    }

    @Test
    void concurrentStoresOfOneKeyLeaveExactlyOneCompleteFile() {
        String key = newKey(4, 1);
        List<byte[]> candidates = IntStream.range(0, 8).mapToObj(i -> {
            // 3 full chunks and part of a fourth for every candidate, whichever wins
            byte[] bytes = new byte[CHUNK * 3 + (i + 1) * 100];
            new Random(i).nextBytes(bytes);
            return bytes;
        }).toList();

        Flux.fromIterable(candidates)
                .flatMap(bytes -> store.put(key, bytes).subscribeOn(Schedulers.parallel()), candidates.size())
                .then().block(Duration.ofSeconds(30));

        byte[] winner = read(key);
        assertThat(candidates).anySatisfy(c -> assertThat(c).isEqualTo(winner));
        assertThat(store.get(key).block().size()).isEqualTo(winner.length);
        assertThat(count(files(), new Document("filename", key))).as("losers removed their copies").isEqualTo(1);
        Document entry = Mono.from(keys().find(new Document("_id", key)).first()).block();
        assertThat(count(chunks(), new Document("files_id", entry.getString("fileId")))).isEqualTo(4);
    }

    @Test
    void chunksOfAnUnfinishedUploadAreNeverVisible() {
        String key = newKey(5, 0);
        // what a crash between the chunk inserts and the files document leaves behind
        Mono.from(chunks().insertOne(new Document("files_id", key + "#crashed").append("n", 0)
                .append("data", new org.bson.types.Binary(new byte[]{1, 2, 3})))).block();

        StepVerifier.create(store.exists(key)).expectNext(false).verifyComplete();
        StepVerifier.create(store.get(key)).verifyComplete();
        byte[] jpeg = TestImages.jpeg(64, 64, 5);
        StepVerifier.create(store.put(key, jpeg)).verifyComplete();
        assertThat(read(key)).isEqualTo(jpeg);
    }

    @Test
    void theChunkIndexIsUniqueSoChunksAreLookedUpByIndex() {
        Document chunk = new Document("files_id", "unique-check").append("n", 0)
                .append("data", new org.bson.types.Binary(new byte[]{1}));
        Mono.from(chunks().insertOne(chunk)).block();
        assertThatThrownBy(() -> Mono.from(chunks().insertOne(new Document(chunk).append("_id",
                new org.bson.types.ObjectId()))).block())
                .isInstanceOf(MongoWriteException.class)
                .matches(GridFsImageStore::isDuplicateKey);
        List<Document> indexes = Flux.from(chunks().listIndexes()).collectList().block();
        assertThat(indexes).anySatisfy(i -> {
            assertThat(i.get("key", Document.class)).containsOnlyKeys("files_id", "n");
            assertThat(i.getBoolean("unique")).isTrue();
        });
    }

    @Test
    void aMissingChunkFailsTheBodyInsteadOfServingATruncatedImage() {
        String key = newKey(6, 0);
        byte[] big = new byte[CHUNK * 2 + 10];
        new Random(6).nextBytes(big);
        store.put(key, big).block();
        String fileId = Mono.from(keys().find(new Document("_id", key)).first()).block().getString("fileId");
        Mono.from(chunks().deleteOne(new Document("files_id", fileId).append("n", 1))).block();

        StepVerifier.create(store.get(key).flatMapMany(StoredImage::content))
                .expectNextCount(1)
                .verifyErrorMatches(e -> e.getMessage().contains("lacks chunk 1"));
    }

    private byte[] read(String key) {
        return store.get(key).flatMapMany(StoredImage::content)
                .reduce(new java.io.ByteArrayOutputStream(), (out, buffer) -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    out.writeBytes(bytes);
                    return out;
                }).map(java.io.ByteArrayOutputStream::toByteArray).block(Duration.ofSeconds(10));
    }

    private static String newKey(long serial, int index) {
        return UUID.randomUUID() + "/" + serial + "-" + index + ".jpg";
    }

    private MongoCollection<Document> keys() {
        return db.getCollection("images.keys");
    }

    private MongoCollection<Document> files() {
        return db.getCollection("images.files");
    }

    private MongoCollection<Document> chunks() {
        return db.getCollection("images.chunks");
    }

    private static long count(MongoCollection<Document> collection, Document filter) {
        return Mono.from(collection.countDocuments(filter)).block(Duration.ofSeconds(10));
    }
}
