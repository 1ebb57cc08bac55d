package io.imageingest.upload;

import java.util.List;
import java.util.Objects;

/** One result of {@link CsvProductReader#next()}: a valid product row, or a problem at a physical line. */
sealed interface CsvEntry {

    /** 1-based physical line of the file where the record starts (the header is line 1). */
    long line();

    /**
     * A valid data row.
     *
     * @param serialNumber the {@code S. No.} value, positive and unique in the file
     * @param productName  the trimmed, non-empty {@code Product Name}
     * @param imageUrls    one or more trimmed absolute http(s) URLs, in file order (unmodifiable)
     */
    record Row(long line, long serialNumber, String productName, List<String> imageUrls) implements CsvEntry {
        public Row {
            Objects.requireNonNull(productName, "productName");
            imageUrls = List.copyOf(imageUrls);
        }
    }

    /** A header problem (always line 1), an invalid row, or a CSV syntax error that ended parsing. */
    record Invalid(long line, String reason) implements CsvEntry {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
