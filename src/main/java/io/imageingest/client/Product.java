package io.imageingest.client;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One product of a request, as listed by {@code GET /api/v1/requests/{id}/products}.
 *
 * @param requestId the request it belongs to
 * @param serialNumber its {@code S. No.}
 * @param productName its name
 * @param inputImageUrls the image URLs from the CSV, in order
 * @param outputImageUrls once processed, one absolute URL per input in the same order; a failed image's
 *                        entry is the empty string. Empty while the product is not processed yet
 * @param imageErrors why images have no output
 * @param createdAt when it was stored
 * @param updatedAt when it last changed
 * @param processedAt when its last image was done, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Product(String requestId, long serialNumber, String productName, List<String> inputImageUrls,
                      List<String> outputImageUrls, List<ImageError> imageErrors, Instant createdAt,
                      Instant updatedAt, Instant processedAt) {

    /** Makes the lists unmodifiable and never null. */
    public Product {
        inputImageUrls = Lists.copy(inputImageUrls);
        outputImageUrls = Lists.copy(outputImageUrls);
        imageErrors = Lists.copy(imageErrors);
    }

    /** Whether the product has been processed (successfully or not). */
    @JsonIgnore
    public boolean isProcessed() {
        return processedAt != null;
    }
}
