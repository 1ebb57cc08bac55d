package io.imageingest.storage;

import java.time.Instant;

import org.springframework.core.io.Resource;

/**
 * An output image ready to be served.
 *
 * @param content the bytes
 * @param size length in bytes
 * @param lastModified when it was written
 * @param etag a strong entity tag; outputs never change once written
 */
public record StoredImage(Resource content, long size, Instant lastModified, String etag) {
}
