package io.imageingest.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Progress counters of products or images of a request.
 *
 * @param total all of them
 * @param done produced successfully (a product: all its images have outputs)
 * @param failed could not be produced (a product: at least one image failed)
 * @param pending not tried yet
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Counts(long total, long done, long failed, long pending) {
}
