package io.imageingest.upload;

import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import io.imageingest.product.ProductDocument;
import io.imageingest.product.ProductPage;
import io.imageingest.product.ProductRepository;
import io.imageingest.request.RequestAccepted;
import io.imageingest.request.RequestDocument;
import io.imageingest.request.RequestRepository;
import io.imageingest.system.ApiException;
import io.imageingest.system.DurabilityBarrier;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Turns a CSV byte stream into stored products and, once the whole file proved valid, a
 * {@code PENDING} request. Parsing happens as the bytes arrive (univocity on a bounded-elastic thread
 * reading an {@code InputStream} fed by the request body) and products are inserted in batches while
 * the stream flows; a file with any bad row is rejected and everything it stored is deleted.
 */
@Service
class UploadService {

    private final UploadProperties props;
    private final ProductRepository products;
    private final RequestRepository requests;
    private final ReactiveMongoTemplate mongo;
    private final DurabilityBarrier durability;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final AbandonedUploads abandoned;

    UploadService(UploadProperties props, ProductRepository products, RequestRepository requests,
                  ReactiveMongoTemplate mongo, DurabilityBarrier durability, ApplicationEventPublisher events,
                  Clock clock, AbandonedUploads abandoned) {
        this.abandoned = abandoned;
        this.props = props;
        this.products = products;
        this.requests = requests;
        this.mongo = mongo;
        this.durability = durability;
        this.events = events;
        this.clock = clock;
    }

    /** Parses, validates and stores the products of one CSV; nothing of it stays stored on error. */
    Mono<StagedUpload> stage(Flux<DataBuffer> body) {
        String requestId = UUID.randomUUID().toString();
        LongList serials = new LongList();
        AtomicLong images = new AtomicLong();
        MessageDigest digest = sha256();
        return mongo.insert(new UploadMarker(requestId, clock.instant()))
                .then(Mono.defer(() -> parseAndStore(requestId, body, serials, images, digest)))
                .then(Mono.fromCallable(() -> new StagedUpload(requestId, serials, images.get(),
                        HexFormat.of().formatHex(digest.digest()))))
                .onErrorResume(e -> discard(requestId, serials).then(Mono.error(e)))
                // the client went away or the shutdown grace ran out: nothing of it may stay
                .doOnCancel(() -> abandoned.add(requestId));
    }

    /** Makes a staged upload a {@code PENDING} request, durable before it is acknowledged. */
    Mono<RequestDocument> commit(StagedUpload staged, String webhookUrl, String apiKeyId) {
        Instant now = clock.instant();
        LongList serials = staged.serials();
        serials.sort();
        int pageSize = props.pageSize();
        int pageCount = (serials.size() + pageSize - 1) / pageSize;
        RequestDocument request = RequestDocument.pending(staged.requestId(), now, staged.productCount(),
                staged.imageCount(), pageCount, pageSize, webhookUrl, apiKeyId);
        return Flux.range(0, pageCount)
                .map(page -> new ProductPage(ProductPage.idOf(staged.requestId(), page), staged.requestId(), page,
                        serials.slice(page * pageSize, Math.min(serials.size(), (page + 1) * pageSize))))
                .buffer(100)
                .concatMap(products::insertPages, 1)
                .then(requests.insert(request))
                .flatMap(saved -> durability.flush()
                        // committed from here: a marker left behind is removed later, the 202 stands
                        .then(mongo.remove(new UploadMarker(saved.id(), null)).then()
                                .onErrorResume(e -> {
                                    abandoned.add(saved.id());
                                    return Mono.empty();
                                }))
                        .doOnSuccess(ignored -> events.publishEvent(new RequestAccepted(saved.id())))
                        .thenReturn(saved))
                // the request may have been written before the failure: keep it (and its products) if so
                .onErrorResume(e -> abandoned.removeIfUncommitted(staged.requestId())
                        .onErrorResume(cleanupError -> {
                            abandoned.add(staged.requestId());
                            return Mono.empty();
                        })
                        .then(Mono.error(e)));
    }

    /** Hands a staged upload whose handling was cancelled to the background clean-up. */
    void abandon(StagedUpload staged) {
        abandoned.add(staged.requestId());
    }

    /**
     * Commits a staged upload once per {@code Idempotency-Key}: the first upload with a key creates the
     * request; a repeat with the same body gets that request back (and its own staged products are
     * discarded); the same key with a different body is a {@code 409}.
     */
    Mono<RequestDocument> commitOnce(StagedUpload staged, String webhookUrl, String apiKeyId, String idempotencyKey) {
        if (idempotencyKey == null) {
            return commit(staged, webhookUrl, apiKeyId);
        }
        String id = (apiKeyId == null ? "-" : apiKeyId) + ":" + idempotencyKey;
        IdempotencyRecord mine = new IdempotencyRecord(id, staged.requestId(), staged.bodySha256(), clock.instant());
        return mongo.insert(mine)
                .then(Mono.defer(() -> commit(staged, webhookUrl, apiKeyId)))
                .onErrorResume(DuplicateKeyException.class, duplicate -> mongo.findById(id, IdempotencyRecord.class)
                        .flatMap(first -> replay(first, mine, staged, webhookUrl, apiKeyId))
                        .switchIfEmpty(Mono.defer(() -> commitOnce(staged, webhookUrl, apiKeyId, idempotencyKey))));
    }

    private Mono<RequestDocument> replay(IdempotencyRecord first, IdempotencyRecord mine, StagedUpload staged,
                                         String webhookUrl, String apiKeyId) {
        if (!first.bodySha256().equals(mine.bodySha256())) {
            return discard(staged).then(Mono.error(ApiException.conflict("Idempotency-Key reused",
                    "this Idempotency-Key was first used with a different CSV (request " + first.requestId()
                            + "); use a new key for a new upload")));
        }
        return requests.findById(first.requestId())
                .flatMap(existing -> discard(staged).thenReturn(existing))
                .switchIfEmpty(Mono.defer(() -> {
                    if (first.createdAt().isAfter(clock.instant().minusSeconds(60))) {
                        return discard(staged).then(Mono.error(ApiException.conflict("Upload in progress",
                                "an upload with this Idempotency-Key is still being stored; retry shortly")));
                    }
                    // the first upload with this key never completed (crash): this one takes its place
                    return mongo.save(mine).then(commit(staged, webhookUrl, apiKeyId));
                }));
    }

    /** Removes everything a staged upload wrote. */
    Mono<Void> discard(StagedUpload staged) {
        return discard(staged.requestId(), staged.serials());
    }

    private Mono<Void> discard(String requestId, LongList serials) {
        // Bulk deletes by _id, one batch at a time: each statement is an index look-up on the embedded server,
        // where a deleteMany by requestId scans the whole collection and holds every match in memory at once
        // (a rejected file of a few hundred thousand rows exhausted a 256 MB heap that way); $in batches
        // would not help, the embedded server matches $in with the square of the batch.
        int chunk = Math.max(1, props.batchSize());
        int batches = (serials.size() + chunk - 1) / chunk;
        return Flux.range(0, batches)
                .concatMap(batch -> deleteProducts(requestId,
                        serials.slice(batch * chunk, Math.min(serials.size(), (batch + 1) * chunk))), 1)
                .then(mongo.remove(Query.query(Criteria.where("requestId").is(requestId)), ProductPage.class))
                .then(mongo.remove(new UploadMarker(requestId, null)))
                .then()
                // e.g. the database went away meanwhile: the caller's own error stands, the removal is retried
                .onErrorResume(e -> {
                    abandoned.add(requestId);
                    return Mono.empty();
                });
    }

    private Mono<Void> deleteProducts(String requestId, List<Long> serials) {
        List<DeleteOneModel<Document>> deletes = new ArrayList<>(serials.size());
        for (long serial : serials) {
            deletes.add(new DeleteOneModel<>(Filters.eq("_id", ProductDocument.idOf(requestId, serial))));
        }
        return mongo.execute(ProductDocument.COLLECTION,
                        collection -> collection.bulkWrite(deletes, new BulkWriteOptions().ordered(false)))
                .then();
    }

    private Mono<Void> parseAndStore(String requestId, Flux<DataBuffer> body, LongList serials, AtomicLong images,
                                     MessageDigest digest) {
        AtomicReference<Throwable> bodyError = new AtomicReference<>();
        long maxLine = props.maxLineBytes().toBytes();
        InputStream in = new LineLengthLimit(DataBufferUtils.subscriberInputStream(limit(body, bodyError, digest), 4),
                maxLine, line -> bodyError.compareAndSet(null, lineTooLong(line, maxLine)));
        CsvRules rules = new CsvRules(props.maxUrlsPerRow(), props.maxFieldChars(), props.maxUrlChars());
        List<CsvEntry.Invalid> errors = new ArrayList<>();
        Instant now = clock.instant();

        Flux<CsvEntry> entries = Flux.using(() -> new CsvProductReader(in, rules),
                        reader -> Flux.<CsvEntry>generate(sink -> {
                            CsvEntry entry = reader.next();
                            if (entry == null) {
                                sink.complete();
                            } else {
                                sink.next(entry);
                            }
                        }),
                        CsvProductReader::close)
                .subscribeOn(Schedulers.boundedElastic())
                // a limit enforced on the byte stream surfaces as a read error: report the limit instead
                .onErrorMap(e -> bodyError.get() != null && e != bodyError.get(), e -> bodyError.get());

        return entries
                .takeUntil(entry -> entry instanceof CsvEntry.Invalid && errors.size() + 1 >= props.maxReportedErrors())
                .<RawBsonDocument>handle((entry, sink) -> {
                    if (entry instanceof CsvEntry.Invalid invalid) {
                        errors.add(invalid);
                    } else if (entry instanceof CsvEntry.Row row && errors.isEmpty()) {
                        if (serials.size() >= props.maxRows()) {
                            sink.error(ApiException.tooLarge("the CSV has more than " + props.maxRows()
                                    + " product rows (app.upload.max-rows)").with("line", row.line()));
                            return;
                        }
                        serials.add(row.serialNumber());
                        images.addAndGet(row.imageUrls().size());
                        sink.next(ProductBson.fresh(requestId, row, now));
                    }
                })
                .buffer(props.batchSize())
                // a bounded number of batches in flight: the next one is encoded and sent while the
                // database stores the previous one, and the upload's heap stays a few batches whatever its size
                .flatMap(this::insertProducts, Math.max(1, props.insertsInFlight()), 1)
                .then(Mono.defer(() -> verdict(bodyError.get(), errors, serials)));
    }

    private Mono<Void> insertProducts(List<RawBsonDocument> batch) {
        return mongo.execute(ProductDocument.COLLECTION,
                        collection -> collection.withDocumentClass(RawBsonDocument.class).insertMany(batch))
                .then();
    }

    private Mono<Void> verdict(Throwable bodyError, List<CsvEntry.Invalid> errors, LongList serials) {
        if (bodyError != null) {
            return Mono.error(bodyError);
        }
        if (!errors.isEmpty()) {
            List<Map<String, Object>> rows = errors.stream()
                    .<Map<String, Object>>map(e -> Map.of("line", e.line(), "reason", e.reason()))
                    .toList();
            CsvEntry.Invalid first = errors.get(0);
            String more = errors.size() >= props.maxReportedErrors() ? " (listing stops at the first "
                    + props.maxReportedErrors() + ")" : "";
            return Mono.error(ApiException.badRequest("Invalid CSV", errors.size() + " invalid row(s)" + more
                            + "; first at line " + first.line() + ": " + first.reason()
                            + ". Nothing of this upload was stored.")
                    .with("errors", rows));
        }
        if (serials.size() == 0) {
            return Mono.error(ApiException.badRequest("Invalid CSV",
                    "the CSV has a header but no product rows"));
        }
        return Mono.empty();
    }

    private static ApiException lineTooLong(long line, long maxLine) {
        String reason = "line longer than " + maxLine + " bytes (app.upload.max-line-bytes)";
        return ApiException.badRequest("Invalid CSV", "line " + line + ": " + reason
                        + ". Nothing of this upload was stored.")
                .with("errors", List.of(Map.of("line", line, "reason", reason)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts body bytes and fails the stream past {@code maxBytes}, remembering why for the verdict. */
    private Flux<DataBuffer> limit(Flux<DataBuffer> body, AtomicReference<Throwable> bodyError,
                                   MessageDigest digest) {
        long max = props.maxBytes().toBytes();
        AtomicLong seen = new AtomicLong();
        return body.handle((buffer, sink) -> {
            if (seen.addAndGet(buffer.readableByteCount()) > max) {
                DataBufferUtils.release(buffer);
                ApiException tooLarge = ApiException.tooLarge("the upload is larger than " + max
                        + " bytes (app.upload.max-bytes)");
                bodyError.compareAndSet(null, tooLarge);
                sink.error(tooLarge);
            } else {
                try (DataBuffer.ByteBufferIterator views = buffer.readableByteBuffers()) {
                    while (views.hasNext()) {
                        digest.update(views.next());
                    }
                }
                sink.next(buffer);
            }
        });
    }
}
