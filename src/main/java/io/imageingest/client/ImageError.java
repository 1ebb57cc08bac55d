package io.imageingest.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Why one input image of a {@link Product} has no output.
 *
 * @param index position of the URL in {@link Product#inputImageUrls()} (0-based)
 * @param url the input URL
 * @param reason a stable code such as {@code HTTP_404} or {@code NOT_AN_IMAGE}
 * @param detail a human-readable explanation
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageError(int index, String url, String reason, String detail) {
}
