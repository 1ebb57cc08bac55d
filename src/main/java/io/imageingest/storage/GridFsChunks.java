package io.imageingest.storage;

import java.time.Duration;

import com.mongodb.MongoCommandException;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import org.bson.Document;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads and deletes the chunks of one GridFS file by ({@code files_id}, {@code n}) equality, one chunk at a
 * time. The driver's own download and delete select chunks by {@code files_id} alone, which the embedded
 * server can only answer by scanning every chunk of every image; an equality on both fields of the unique
 * chunk index is a point look-up on both servers.
 */
final class GridFsChunks {

    private static final Logger log = LoggerFactory.getLogger(GridFsChunks.class);

    /** The GridFS specification's chunk index; created unique here (the reactive driver creates it plain). */
    private static final Document CHUNKS_INDEX = new Document("files_id", 1).append("n", 1);
    private static final Document FILES_INDEX = new Document("filename", 1).append("uploadDate", 1);
    private static final int INDEX_OPTIONS_CONFLICT = 85;
    private static final int INDEX_KEY_SPECS_CONFLICT = 86;

    private final MongoCollection<Document> files;
    private final MongoCollection<Document> chunks;
    private final Duration timeout;

    GridFsChunks(MongoCollection<Document> files, MongoCollection<Document> chunks, Duration timeout) {
        this.files = files;
        this.chunks = chunks;
        this.timeout = timeout;
    }

    Mono<Void> createIndexes() {
        Mono<String> chunkIndex = Mono.from(chunks.createIndex(CHUNKS_INDEX, new IndexOptions().unique(true)))
                .onErrorResume(e -> e instanceof MongoCommandException c
                        && (c.getErrorCode() == INDEX_OPTIONS_CONFLICT || c.getErrorCode() == INDEX_KEY_SPECS_CONFLICT),
                        e -> {
                            // a bucket first written by another tool has the index without "unique": a real
                            // MongoDB still uses it for the point look-ups, so go on and say so
                            log.warn("GridFS chunk index exists but is not unique ({}); reads stay indexed on "
                                    + "MongoDB but not on the embedded server", e.getMessage());
                            return Mono.just("files_id_1_n_1");
                        });
        return chunkIndex.then(Mono.from(files.createIndex(FILES_INDEX))).then();
    }

    /** The file's bytes in order, each chunk read only when the previous one has been consumed. */
    Flux<DataBuffer> read(String fileId, long length, int chunkSize) {
        int count = chunkCount(length, chunkSize);
        return Flux.range(0, count).concatMap(n -> Mono.from(chunks.find(chunkFilter(fileId, n)).first())
                .timeout(timeout)
                .switchIfEmpty(Mono.error(() -> new IllegalStateException(
                        "GridFS file " + fileId + " lacks chunk " + n + " of " + count)))
                .map(chunk -> {
                    byte[] data = chunk.get("data", Binary.class).getData();
                    long expected = n < count - 1 ? chunkSize : length - (long) chunkSize * (count - 1);
                    if (data.length != expected) {
                        throw new IllegalStateException("GridFS file " + fileId + " chunk " + n + " has "
                                + data.length + " bytes, expected " + expected);
                    }
                    return (DataBuffer) DefaultDataBufferFactory.sharedInstance.wrap(data);
                }), 1);
    }

    /** Deletes the files document first (the file disappears at once), then each chunk. */
    Mono<Void> delete(String fileId, long length, int chunkSize) {
        return Mono.from(files.deleteOne(new Document("_id", fileId))).timeout(timeout)
                .thenMany(Flux.range(0, chunkCount(length, chunkSize))
                        .concatMap(n -> Mono.from(chunks.deleteOne(chunkFilter(fileId, n))).timeout(timeout)))
                .then();
    }

    private static Document chunkFilter(String fileId, int n) {
        return new Document("files_id", fileId).append("n", n);
    }

    private static int chunkCount(long length, int chunkSize) {
        return (int) ((length + chunkSize - 1) / chunkSize);
    }
}
