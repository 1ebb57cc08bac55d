package io.imageingest.storage;

import reactor.core.publisher.Mono;

/**
 * Where output images live. Keys look like {@code {requestId}/{serialNumber}-{index}.jpg}: deterministic,
 * so a resumed request finds the outputs it already wrote, and unguessable, because the request id is a
 * random UUID.
 */
public interface ImageStore {

    /** Whether an output exists under the key. */
    Mono<Boolean> exists(String key);

    /** Stores the bytes atomically: readers never see a partial image. */
    Mono<Void> put(String key, byte[] jpeg);

    /** The stored image, or empty when there is none. */
    Mono<StoredImage> get(String key);

    /**
     * Checks that outputs can be written now (for the {@code storage} health component) and emits
     * details to show, or an error saying why not.
     */
    default Mono<java.util.Map<String, Object>> probe() {
        return Mono.just(java.util.Map.of("type", getClass().getSimpleName()));
    }

    /** The key of the output of input {@code index} of a product. */
    static String keyOf(String requestId, long serialNumber, int index) {
        return requestId + "/" + serialNumber + "-" + index + ".jpg";
    }
}
