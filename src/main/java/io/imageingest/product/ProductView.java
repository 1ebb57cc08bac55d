package io.imageingest.product;

import java.time.Instant;
import java.util.List;

/**
 * A product as listed by {@code GET /api/v1/requests/{id}/products}: the contract's fields plus outcome.
 *
 * @param bytesIn bytes downloaded for the product's images once it is processed (0 before, and for outputs
 *                reused after a restart)
 * @param bytesOut bytes of its stored outputs once it is processed
 */
record ProductView(String requestId, long serialNumber, String productName, List<String> inputImageUrls,
                   List<String> outputImageUrls, List<ImageError> imageErrors, Instant createdAt,
                   Instant updatedAt, Instant processedAt, long bytesIn, long bytesOut) {

    static ProductView of(ProductDocument p) {
        return new ProductView(p.requestId(), p.serialNumber(), p.productName(), p.inputImageUrls(),
                p.outputImageUrls(), p.imageErrors(), p.createdAt(), p.updatedAt(), p.processedAt(), p.bytesIn(),
                p.bytesOut());
    }
}
