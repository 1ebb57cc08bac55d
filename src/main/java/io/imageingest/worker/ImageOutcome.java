package io.imageingest.worker;

/**
 * What happened to one input image.
 *
 * @param outputUrl the output's URL, or null when it failed
 * @param reason failure code, or null on success
 * @param detail failure explanation, or null on success
 * @param bytesIn downloaded bytes (0 when an existing output was reused)
 * @param bytesOut output bytes
 */
record ImageOutcome(String outputUrl, String reason, String detail, long bytesIn, long bytesOut) {

    static ImageOutcome stored(String url, long bytesIn, long bytesOut) {
        return new ImageOutcome(url, null, null, bytesIn, bytesOut);
    }

    static ImageOutcome failed(String reason, String detail) {
        return new ImageOutcome(null, reason, detail, 0, 0);
    }

    /** This outcome as seen by a repeat of the same URL: the same output, nothing downloaded or written. */
    ImageOutcome reused() {
        return succeeded() ? stored(outputUrl, 0, 0) : this;
    }

    boolean succeeded() {
        return outputUrl != null;
    }
}
