package io.imageingest.product;

/**
 * Why one input image of a product has no output.
 *
 * @param index position of the URL in {@code inputImageUrls}
 * @param url the input URL
 * @param reason a stable code such as {@code HTTP_404} or {@code NOT_AN_IMAGE}
 * @param detail a human-readable explanation
 */
public record ImageError(int index, String url, String reason, String detail) {
}
