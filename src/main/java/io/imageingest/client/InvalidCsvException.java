package io.imageingest.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The uploaded CSV was rejected ({@code 400}, title {@code Invalid CSV}); nothing of it was stored.
 * {@link #errors()} lists the bad rows (the server stops at the first 100).
 */
public class InvalidCsvException extends ImageIngestException {

    private static final long serialVersionUID = 1L;

    private final transient List<RowError> errors;

    /** See {@link ImageIngestException#ImageIngestException(int, String, String, String, String, Map)}. */
    public InvalidCsvException(int status, String type, String title, String detail, String instance,
                               Map<String, Object> properties) {
        super(status, type, title, detail, instance, properties);
        this.errors = rowErrors(properties == null ? null : properties.get("errors"));
    }

    /** The bad rows with their physical line numbers, in file order; empty when the server listed none. */
    public List<RowError> errors() {
        return errors == null ? List.of() : errors;
    }

    private static List<RowError> rowErrors(Object value) {
        if (!(value instanceof List<?> items)) {
            return List.of();
        }
        List<RowError> rows = new ArrayList<>(items.size());
        for (Object item : items) {
            if (item instanceof Map<?, ?> row) {
                long line = row.get("line") instanceof Number n ? n.longValue() : -1;
                Object reason = row.get("reason");
                rows.add(new RowError(line, reason == null ? null : reason.toString()));
            }
        }
        return Collections.unmodifiableList(rows);
    }
}
