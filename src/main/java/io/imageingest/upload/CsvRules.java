package io.imageingest.upload;

/**
 * Limits applied by {@link CsvProductReader}. The caller supplies the values (service defaults: 50, 65536, 2048).
 *
 * @param maxUrlsPerRow maximum number of image URLs in one {@code Input Image Urls} cell
 * @param maxFieldChars maximum characters in any single CSV cell; a longer cell ends parsing
 * @param maxUrlChars   maximum characters in one URL (after trimming)
 */
record CsvRules(int maxUrlsPerRow, int maxFieldChars, int maxUrlChars) {

    CsvRules {
        if (maxUrlsPerRow < 1) {
            throw new IllegalArgumentException("maxUrlsPerRow must be positive: " + maxUrlsPerRow);
        }
        if (maxFieldChars < 1) {
            throw new IllegalArgumentException("maxFieldChars must be positive: " + maxFieldChars);
        }
        if (maxUrlChars < 1) {
            throw new IllegalArgumentException("maxUrlChars must be positive: " + maxUrlChars);
        }
    }
}
