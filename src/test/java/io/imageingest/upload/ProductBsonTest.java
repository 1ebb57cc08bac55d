package io.imageingest.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import com.mongodb.MongoClientSettings;
import io.imageingest.product.ProductDocument;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;
import org.springframework.data.mongodb.core.convert.NoOpDbRefResolver;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;

class ProductBsonTest {

    private final MappingMongoConverter converter = converter();

    @Test
    void writesWhatSpringDataWritesForAFreshProduct() {
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            String name = i % 3 == 0 ? "Ünïcødé ☃ " + i : "SKU" + random.nextInt(1_000_000);
            List<String> urls = random.ints(1 + random.nextInt(5), 0, 1000)
                    .mapToObj(n -> "https://example.com/img/" + n + ".jpg?q=" + random.nextLong()).toList();
            long serial = 1 + Math.abs(random.nextLong() % 10_000_000_000L);
            Instant now = Instant.ofEpochMilli(1_700_000_000_000L + random.nextInt(1_000_000_000));
            CsvEntry.Row row = new CsvEntry.Row(i + 2, serial, name, urls);

            RawBsonDocument raw = ProductBson.fresh("request-" + i, row, now);

            assertThat(raw).as("row %d", i).isEqualTo(springData(
                    ProductDocument.fresh("request-" + i, serial, name, urls, now)));
        }
    }

    @Test
    void readsBackThroughTheMappingAsTheProduct() {
        Instant now = Instant.parse("2026-01-02T03:04:05.678Z");
        CsvEntry.Row row = new CsvEntry.Row(2, 42, "SKU42", List.of("http://a/1.jpg", "http://a/2.jpg"));

        ProductDocument read = converter.read(ProductDocument.class,
                ProductBson.fresh("r", row, now).decode(
                        MongoClientSettings.getDefaultCodecRegistry().get(org.bson.Document.class)));

        assertThat(read).isEqualTo(ProductDocument.fresh("r", 42, "SKU42", row.imageUrls(), now));
    }

    private BsonDocument springData(ProductDocument product) {
        org.bson.Document document = new org.bson.Document();
        converter.write(product, document);
        return document.toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry());
    }

    private static MappingMongoConverter converter() {
        MongoCustomConversions conversions = new MongoCustomConversions(List.of());
        MongoMappingContext context = new MongoMappingContext();
        context.setSimpleTypeHolder(conversions.getSimpleTypeHolder());
        context.afterPropertiesSet();
        MappingMongoConverter converter = new MappingMongoConverter(NoOpDbRefResolver.INSTANCE, context);
        converter.setCustomConversions(conversions);
        converter.afterPropertiesSet();
        return converter;
    }
}
