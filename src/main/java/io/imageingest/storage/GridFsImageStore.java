package io.imageingest.storage;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Date;
import java.util.HexFormat;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import com.mongodb.reactivestreams.client.gridfs.GridFSBucket;
import com.mongodb.reactivestreams.client.gridfs.GridFSBuckets;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Output images in GridFS in the service's own MongoDB, so that every instance can serve every image
 * without a shared disk.
 *
 * <p>Layout: the bytes are an ordinary GridFS file in {@code {bucket}.files} / {@code {bucket}.chunks}
 * (filename = the key, {@code metadata.sha256}), uploaded with the driver's {@link GridFSBucket} under an id
 * unique to the attempt ({@code {key}#{ObjectId}}). The file becomes visible only when a document
 * {@code {_id: key, fileId, length, chunkSize, sha256, uploadDate}} is inserted into {@code {bucket}.keys}
 * after the upload completed. Readers look the key up by {@code _id} and read the chunks by
 * ({@code files_id}, {@code n}), which the unique chunk index answers, so nothing scans a collection (the
 * embedded server uses only {@code _id} and unique indexes).
 *
 * <p>Why not use the key itself as the GridFS file id: two writers of the same key (a lease taken over while
 * the old owner still runs) would collide on the chunk index, and the driver cleans up a failed upload by
 * deleting <em>every</em> chunk of that file id, including those of the writer that succeeded; that file
 * would then be visible with missing chunks. With one id per attempt the uploads never touch each other,
 * and the unique {@code _id} of {@code {bucket}.keys} decides who wins: the first insert. The loser deletes
 * its own copy and reports success, because an output never changes once stored (its URL and ETag may
 * already have been handed out). A crash mid-upload leaves chunks without a files document; a crash between
 * the upload and the key insert leaves a complete but unreferenced file. Neither is ever visible, and a
 * retry writes a fresh copy.
 */
final class GridFsImageStore implements ImageStore {

    private static final Logger log = LoggerFactory.getLogger(GridFsImageStore.class);

    private final GridFSBucket bucket;
    private final MongoCollection<Document> keys;
    private final GridFsChunks chunks;
    private final int chunkSize;
    private final Duration timeout;

    GridFsImageStore(MongoDatabase db, String bucketName, int chunkSize, Duration timeout) {
        this.bucket = GridFSBuckets.create(db, bucketName).withChunkSizeBytes(chunkSize);
        this.keys = db.getCollection(bucketName + ".keys");
        this.chunks = new GridFsChunks(db.getCollection(bucketName + ".files"),
                db.getCollection(bucketName + ".chunks"), timeout);
        this.chunkSize = chunkSize;
        this.timeout = timeout;
    }

    /** Creates the unique chunk index the reads rely on; run once at start-up, before any upload. */
    Mono<Void> createIndexes() {
        return chunks.createIndexes();
    }

    @Override
    public Mono<Boolean> exists(String key) {
        return Mono.fromCallable(() -> ImageKeys.require(key)).flatMap(this::entry).hasElement();
    }

    @Override
    public Mono<Void> put(String key, byte[] jpeg) {
        return Mono.fromCallable(() -> ImageKeys.require(key))
                .flatMap(k -> entry(k).hasElement())
                .flatMap(stored -> stored ? Mono.<Void>empty() : upload(key, jpeg));
    }

    @Override
    public Mono<StoredImage> get(String key) {
        if (!ImageKeys.isValid(key)) {
            return Mono.empty();
        }
        return entry(key).map(entry -> {
            String fileId = entry.getString("fileId");
            long length = ((Number) entry.get("length")).longValue();
            int size = ((Number) entry.get("chunkSize")).intValue();
            String etag = "\"" + entry.getString("sha256").substring(0, 32) + "\"";
            return new StoredImage(chunks.read(fileId, length, size), length,
                    entry.getDate("uploadDate").toInstant(), etag);
        });
    }

    private Mono<Document> entry(String key) {
        return Mono.from(keys.find(new Document("_id", key)).first()).timeout(timeout);
    }

    private Mono<Void> upload(String key, byte[] jpeg) {
        String sha256 = sha256(jpeg);
        BsonString fileId = new BsonString(key + "#" + new ObjectId().toHexString());
        GridFSUploadOptions options = new GridFSUploadOptions().chunkSizeBytes(chunkSize)
                .metadata(new Document("sha256", sha256).append("contentType", "image/jpeg"));
        Document entry = new Document("_id", key).append("fileId", fileId.getValue())
                .append("length", (long) jpeg.length).append("chunkSize", chunkSize)
                .append("sha256", sha256).append("uploadDate", new Date());
        return Mono.from(bucket.uploadFromPublisher(fileId, key, Mono.fromSupplier(() -> ByteBuffer.wrap(jpeg)),
                        options))
                .timeout(timeout)
                .then(publish(entry, jpeg.length));
    }

    /** Makes the uploaded file visible under its key, unless another writer did so first. */
    private Mono<Void> publish(Document entry, int length) {
        String key = entry.getString("_id");
        String fileId = entry.getString("fileId");
        return Mono.from(keys.insertOne(entry)).timeout(timeout).then()
                .onErrorResume(GridFsImageStore::isDuplicateKey, e -> {
                    // outputs never change once stored: keep the first copy, drop this one
                    log.debug("Output {} was stored concurrently; keeping the first copy", key);
                    return chunks.delete(fileId, length, chunkSize);
                });
    }

    static boolean isDuplicateKey(Throwable e) {
        return e instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
