package io.imageingest.upload;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * Exists while an upload is being stored. Its request document is written last, so a marker without
 * a request after a crash means a half-stored upload, which start-up removes.
 */
@Document("uploads")
record UploadMarker(@Id String id, Instant startedAt) {
}
