package io.imageingest.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One image that could not be produced, as listed in {@link RequestStatus#failures()}.
 *
 * @param serialNumber the product's {@code S. No.}
 * @param productName the product's name
 * @param imageIndex position of the URL in the product's input list (0-based)
 * @param url the input URL
 * @param reason a stable code such as {@code HTTP_404}, {@code TIMEOUT} or {@code NOT_AN_IMAGE}
 * @param detail a human-readable explanation
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageFailure(long serialNumber, String productName, int imageIndex, String url, String reason,
                           String detail) {
}
