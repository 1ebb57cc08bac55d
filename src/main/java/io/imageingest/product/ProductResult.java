package io.imageingest.product;

import java.util.List;

/**
 * The outcome of every image of one product, as written by {@link ProductRepository#saveResults}.
 *
 * @param id the product's {@code _id}
 * @param outputImageUrls position <i>i</i> holds the output URL of input <i>i</i>, or {@code ""} when it failed
 * @param imageErrors the failed images, in index order
 */
public record ProductResult(String id, List<String> outputImageUrls, List<ImageError> imageErrors, long bytesIn,
                            long bytesOut) {
}
