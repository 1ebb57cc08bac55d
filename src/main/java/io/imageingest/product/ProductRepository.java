package io.imageingest.product;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads and writes {@code products} and their serial-order pages, by {@code _id} wherever it matters. */
@Repository
public class ProductRepository {

    private final ReactiveMongoTemplate mongo;

    public ProductRepository(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Mono<Void> insertAll(List<ProductDocument> products) {
        return mongo.insert(products, ProductDocument.class).then();
    }

    public Mono<Void> insertPages(List<ProductPage> pages) {
        return mongo.insert(pages, ProductPage.class).then();
    }

    public Mono<ProductPage> findPage(String requestId, int page) {
        return mongo.findById(ProductPage.idOf(requestId, page), ProductPage.class);
    }

    /** The products of the given serial numbers, in the order given. */
    public Flux<ProductDocument> findBySerials(String requestId, List<Long> serials) {
        List<String> ids = serials.stream().map(s -> ProductDocument.idOf(requestId, s)).toList();
        return mongo.find(Query.query(Criteria.where("_id").in(ids)), ProductDocument.class)
                .collectMap(ProductDocument::serialNumber, Function.identity())
                .flatMapIterable(bySerial -> ordered(serials, bySerial));
    }

    /** The products of one serial-order page, in serial order. */
    public Flux<ProductDocument> findPageProducts(String requestId, int page) {
        return findPage(requestId, page).flatMapMany(p -> findBySerials(requestId, p.serialNumbers()));
    }

    /**
     * Records the outcome of every image of each product, once, in one bulk write of updates by {@code _id}:
     * an update applies only while the product has no {@code processedAt}, so a worker that lost its lease
     * and writes late never overwrites the result its successor recorded. Emits how many products were
     * recorded by this call.
     */
    public Mono<Integer> saveResults(List<ProductResult> results, Instant now) {
        if (results.isEmpty()) {
            return Mono.just(0);
        }
        var bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, ProductDocument.class);
        for (ProductResult result : results) {
            Update update = new Update()
                    .set("bytesIn", result.bytesIn())
                    .set("bytesOut", result.bytesOut())
                    .set("outputImageUrls", result.outputImageUrls())
                    .set("imageErrors", result.imageErrors())
                    .set("processedAt", now)
                    .set("updatedAt", now);
            bulk.updateOne(Query.query(Criteria.where("_id").is(result.id()).and("processedAt").is(null)), update);
        }
        return bulk.execute().map(result -> result.getMatchedCount());
    }

    public Mono<ProductDocument> findById(String id) {
        return mongo.findById(id, ProductDocument.class);
    }

    /**
     * Deletes everything of a request by its {@code requestId} field: one pass over the collection on the
     * embedded server, an index look-up on MongoDB. Used only to discard rejected or interrupted uploads.
     */
    public Mono<Void> deleteByRequestId(String requestId) {
        Query byRequest = Query.query(Criteria.where("requestId").is(requestId));
        return mongo.remove(byRequest, ProductDocument.class)
                .then(mongo.remove(byRequest, ProductPage.class))
                .then();
    }

    private static List<ProductDocument> ordered(List<Long> serials, Map<Long, ProductDocument> bySerial) {
        List<ProductDocument> result = new ArrayList<>(serials.size());
        for (Long serial : serials) {
            ProductDocument product = bySerial.get(serial);
            if (product != null) {
                result.add(product);
            }
        }
        return result;
    }
}
