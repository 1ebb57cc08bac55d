package io.imageingest.client;

/**
 * One rejected row of an uploaded CSV, as listed by {@link InvalidCsvException#errors()}.
 *
 * @param line 1-based physical line of the file where the row starts (the header is line 1)
 * @param reason why the row was rejected
 */
public record RowError(long line, String reason) {
}
