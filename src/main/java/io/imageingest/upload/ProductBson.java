package io.imageingest.upload;

import java.time.Instant;

import io.imageingest.product.ProductDocument;
import org.bson.BsonBinaryWriter;
import org.bson.RawBsonDocument;
import org.bson.io.BasicOutputBuffer;

/**
 * Writes a fresh product straight to BSON, the same document Spring Data's mapping writes for
 * {@link ProductDocument#fresh} (a test compares the two). The upload inserts up to a million of these, and
 * going through the object mapper cost more CPU than parsing the CSV and storing the result together.
 */
final class ProductBson {

    /** Spring Data's type hint, so that reads through the mapping see the document as if it had written it. */
    private static final String TYPE_HINT = ProductDocument.class.getName();

    private ProductBson() {
    }

    static RawBsonDocument fresh(String requestId, CsvEntry.Row row, Instant now) {
        BasicOutputBuffer out = new BasicOutputBuffer(160 + 2 * row.productName().length()
                + row.imageUrls().size() * 80);
        long millis = now.toEpochMilli();
        try (BsonBinaryWriter writer = new BsonBinaryWriter(out)) {
            writer.writeStartDocument();
            writer.writeString("_id", ProductDocument.idOf(requestId, row.serialNumber()));
            writer.writeString("requestId", requestId);
            writer.writeInt64("serialNumber", row.serialNumber());
            writer.writeString("productName", row.productName());
            writer.writeStartArray("inputImageUrls");
            for (String url : row.imageUrls()) {
                writer.writeString(url);
            }
            writer.writeEndArray();
            writer.writeStartArray("outputImageUrls");
            writer.writeEndArray();
            writer.writeStartArray("imageErrors");
            writer.writeEndArray();
            writer.writeInt64("bytesIn", 0);
            writer.writeInt64("bytesOut", 0);
            writer.writeDateTime("createdAt", millis);
            writer.writeDateTime("updatedAt", millis);
            writer.writeString("_class", TYPE_HINT);
            writer.writeEndDocument();
        }
        return new RawBsonDocument(out.getInternalBuffer(), 0, out.getPosition());
    }
}
