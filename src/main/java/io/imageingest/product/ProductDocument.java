package io.imageingest.product;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A document of the {@code products} collection: one CSV row. {@code _id} is
 * {@code "{requestId}:{serialNumber}"} so every hot-path read is an {@code _id} look-up.
 *
 * @param outputImageUrls empty until processed; then position <i>i</i> holds the output URL of input
 *                        <i>i</i>, or an empty string when that image failed (see {@code imageErrors})
 * @param bytesIn bytes downloaded for this product's images
 * @param bytesOut bytes of its outputs
 * @param processedAt when every image of the product had been tried
 */
@Document("products")
public record ProductDocument(
        @Id String id,
        String requestId,
        long serialNumber,
        String productName,
        List<String> inputImageUrls,
        List<String> outputImageUrls,
        List<ImageError> imageErrors,
        long bytesIn,
        long bytesOut,
        Instant createdAt,
        Instant updatedAt,
        Instant processedAt) {

    public static final String COLLECTION = "products";

    public static String idOf(String requestId, long serialNumber) {
        return requestId + ":" + serialNumber;
    }

    public static ProductDocument fresh(String requestId, long serialNumber, String productName, List<String> urls,
                                        Instant now) {
        return new ProductDocument(idOf(requestId, serialNumber), requestId, serialNumber, productName, urls,
                List.of(), List.of(), 0, 0, now, now, null);
    }

    public List<String> outputImageUrls() {
        return outputImageUrls == null ? List.of() : outputImageUrls;
    }

    public List<ImageError> imageErrors() {
        return imageErrors == null ? List.of() : imageErrors;
    }
}
