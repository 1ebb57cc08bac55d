package io.imageingest.upload;

/**
 * Products of a valid CSV, written but not yet visible as a request.
 *
 * @param requestId the id the request will have
 * @param serials serial numbers of every stored product
 * @param imageCount image URLs over all rows
 * @param bodySha256 hex SHA-256 of the CSV bytes, to recognise a repeated upload
 */
record StagedUpload(String requestId, LongList serials, long imageCount, String bodySha256) {

    int productCount() {
        return serials.size();
    }
}
