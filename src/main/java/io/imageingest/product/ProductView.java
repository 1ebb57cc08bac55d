package io.imageingest.product;

import java.time.Instant;
import java.util.List;

/** A product as listed by {@code GET /api/v1/requests/{id}/products}: the contract's fields plus outcome. */
record ProductView(String requestId, long serialNumber, String productName, List<String> inputImageUrls,
                   List<String> outputImageUrls, List<ImageError> imageErrors, Instant createdAt,
                   Instant updatedAt, Instant processedAt) {

    static ProductView of(ProductDocument p) {
        return new ProductView(p.requestId(), p.serialNumber(), p.productName(), p.inputImageUrls(),
                p.outputImageUrls(), p.imageErrors(), p.createdAt(), p.updatedAt(), p.processedAt());
    }
}
