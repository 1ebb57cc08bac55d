package io.imageingest.storage;

import java.time.Duration;

import io.imageingest.system.AppProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.ReactiveMongoDatabaseFactory;
import reactor.core.scheduler.Schedulers;

/**
 * The output store chosen by {@code app.storage.type}: the filesystem under the data directory (default), or
 * GridFS in the service's MongoDB. Output URLs are the same either way ({@code app.public-base-url} +
 * {@code /images/{key}}), served by {@link ImageHandler}.
 */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StorageConfiguration.class);

    @Bean
    ImageStore imageStore(AppProperties app, StorageProperties storage,
                          ObjectProvider<ReactiveMongoDatabaseFactory> mongo) {
        if (storage.isGridFs()) {
            return gridFs(storage.gridfs(), mongo.getObject());
        }
        var root = app.dataDir().resolve("images");
        log.info("Output images: filesystem store in {}", root.toAbsolutePath().normalize());
        return new FilesystemImageStore(root, Schedulers.boundedElastic());
    }

    private static ImageStore gridFs(StorageProperties.GridFs props, ReactiveMongoDatabaseFactory mongo) {
        // start-up only: the database handle involves no I/O, the index must exist before the first upload
        var db = mongo.getMongoDatabase().block(Duration.ofSeconds(10));
        var store = new GridFsImageStore(db, props.bucket(), (int) props.chunkSize().toBytes(), props.timeout());
        store.createIndexes().block(Duration.ofSeconds(60));
        log.info("Output images: GridFS bucket '{}' in database '{}' (chunks of {} bytes)", props.bucket(),
                db.getName(), props.chunkSize().toBytes());
        return store;
    }
}
