package io.imageingest.worker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.imageingest.product.ImageError;
import io.imageingest.product.ProductDocument;
import io.imageingest.request.ImageFailure;
import io.imageingest.request.Progress;

/**
 * Progress of the request being processed, rebuilt from the products on every (re)start so the
 * counters written to the request stay exact however often it is resumed.
 */
final class Tally {

    private final int maxFailures;
    private final List<ImageFailure> failures = new ArrayList<>();
    private long productsDone;
    private long productsFailed;
    private long imagesDone;
    private long imagesFailed;
    private long bytesIn;
    private long bytesOut;

    Tally(int maxFailures) {
        this.maxFailures = maxFailures;
    }

    /** Counts a product processed earlier, as stored. */
    synchronized void addProcessed(ProductDocument product) {
        add(product, product.outputImageUrls(), product.imageErrors(), product.bytesIn(), product.bytesOut());
    }

    /** Counts a product just processed. */
    synchronized void add(ProductDocument product, List<String> outputs, List<ImageError> errors, long in, long out) {
        long ok = outputs.stream().filter(url -> url != null && !url.isEmpty()).count();
        imagesDone += ok;
        imagesFailed += errors.size();
        if (errors.isEmpty()) {
            productsDone++;
        } else {
            productsFailed++;
        }
        for (ImageError error : errors) {
            if (failures.size() < maxFailures) {
                failures.add(new ImageFailure(product.serialNumber(), product.productName(), error.index(),
                        error.url(), error.reason(), error.detail()));
            }
        }
        bytesIn += in;
        bytesOut += out;
    }

    synchronized Progress snapshot() {
        List<ImageFailure> sorted = new ArrayList<>(failures);
        sorted.sort(Comparator.comparingLong(ImageFailure::serialNumber).thenComparingInt(ImageFailure::imageIndex));
        return new Progress(productsDone, productsFailed, imagesDone, imagesFailed, bytesIn, bytesOut, sorted);
    }
}
