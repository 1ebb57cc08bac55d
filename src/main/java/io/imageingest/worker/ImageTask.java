package io.imageingest.worker;

import io.imageingest.storage.ImageStore;

/** Input {@code index} of a product being processed, with the URL it is read from. */
record ImageTask(ProductJob job, int index, String url) {

    /** The storage key of this image's output. */
    String key() {
        return ImageStore.keyOf(job.product().requestId(), job.product().serialNumber(), index);
    }
}
