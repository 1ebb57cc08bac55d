package io.imageingest.upload;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * Remembers which request an {@code Idempotency-Key} created, and a digest of the body it came with.
 *
 * @param id {@code "{api key id or -}:{Idempotency-Key}"}, so keys of different callers never collide
 */
@Document("idempotencyKeys")
record IdempotencyRecord(@Id String id, String requestId, String bodySha256, Instant createdAt) {
}
