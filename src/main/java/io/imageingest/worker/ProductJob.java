package io.imageingest.worker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import io.imageingest.product.ImageError;
import io.imageingest.product.ProductDocument;
import io.imageingest.product.ProductResult;

/** Collects the outcomes of a product's images, which complete in any order. */
final class ProductJob {

    private final ProductDocument product;
    private final String[] outputs;
    private final List<ImageError> errors = new ArrayList<>();
    private int remaining;
    private long bytesIn;
    private long bytesOut;

    ProductJob(ProductDocument product) {
        this.product = product;
        this.outputs = new String[product.inputImageUrls().size()];
        this.remaining = outputs.length;
    }

    ProductDocument product() {
        return product;
    }

    /** Records one outcome; true when it was the product's last image. */
    synchronized boolean record(int index, ImageOutcome outcome) {
        if (outcome.succeeded()) {
            outputs[index] = outcome.outputUrl();
        } else {
            outputs[index] = "";
            errors.add(new ImageError(index, product.inputImageUrls().get(index), outcome.reason(),
                    outcome.detail()));
        }
        bytesIn += outcome.bytesIn();
        bytesOut += outcome.bytesOut();
        return --remaining == 0;
    }

    /** The product's result once every image is recorded. */
    synchronized ProductResult result() {
        return new ProductResult(product.id(), outputs(), errors(), bytesIn, bytesOut);
    }

    synchronized List<String> outputs() {
        return Arrays.asList(outputs.clone());
    }

    synchronized List<ImageError> errors() {
        List<ImageError> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparingInt(ImageError::index));
        return sorted;
    }

    synchronized long bytesIn() {
        return bytesIn;
    }

    synchronized long bytesOut() {
        return bytesOut;
    }
}
