package io.imageingest.storage;

import java.time.Instant;

import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;

/**
 * An output image ready to be served.
 *
 * @param content the bytes, read lazily: nothing is read until the flux is subscribed (a {@code 304}
 *                never subscribes)
 * @param size length in bytes
 * @param lastModified when it was written
 * @param etag a strong entity tag; outputs never change once written
 */
public record StoredImage(Flux<DataBuffer> content, long size, Instant lastModified, String etag) {
}
