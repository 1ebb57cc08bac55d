package io.imageingest.upload;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits and tuning of CSV intake.
 *
 * @param maxBytes largest accepted upload body
 * @param maxRows most product rows in one CSV
 * @param maxUrlsPerRow most image URLs in one row
 * @param maxFieldChars longest cell
 * @param maxUrlChars longest image URL
 * @param maxLineBytes longest physical line of the file
 * @param maxReportedErrors bad rows listed in a {@code 400} answer (parsing stops after that many)
 * @param batchSize products written to MongoDB per insert while the upload streams in
 * @param pageSize serial numbers per {@code productPages} document
 * @param insertsInFlight product batches being inserted at once while the upload streams in
 */
@ConfigurationProperties("app.upload")
public record UploadProperties(
        @DefaultValue("512MB") DataSize maxBytes,
        @DefaultValue("1000000") int maxRows,
        @DefaultValue("50") int maxUrlsPerRow,
        @DefaultValue("65536") int maxFieldChars,
        @DefaultValue("2048") int maxUrlChars,
        @DefaultValue("256KB") DataSize maxLineBytes,
        @DefaultValue("100") int maxReportedErrors,
        @DefaultValue("1000") int batchSize,
        @DefaultValue("500") int pageSize,
        @DefaultValue("2") int insertsInFlight) {
}
