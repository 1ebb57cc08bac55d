package io.imageingest.storage;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Where output images are stored.
 *
 * @param type {@code filesystem} (files under {@code {app.data-dir}/images}) or {@code gridfs} (GridFS in the
 *             service's MongoDB, so that several instances need no shared disk)
 * @param gridfs settings of the GridFS store
 */
@ConfigurationProperties("app.storage")
public record StorageProperties(@DefaultValue("filesystem") String type, @DefaultValue GridFs gridfs) {

    /**
     * @param bucket GridFS bucket name: collections {@code {bucket}.files}, {@code {bucket}.chunks} and
     *               {@code {bucket}.keys}
     * @param chunkSize size of one GridFS chunk (the GridFS default is 255 KB; at most 15 MB)
     * @param timeout deadline of each database call of the store (a look-up, an upload, one chunk)
     */
    public record GridFs(@DefaultValue("images") String bucket, @DefaultValue("255KB") DataSize chunkSize,
                         @DefaultValue("30s") Duration timeout) {

        public GridFs {
            if (bucket == null || bucket.isBlank() || bucket.contains("$")) {
                throw new IllegalArgumentException("app.storage.gridfs.bucket must be a collection name prefix");
            }
            if (chunkSize.toBytes() < 1024 || chunkSize.toBytes() > 15L * 1024 * 1024) {
                throw new IllegalArgumentException("app.storage.gridfs.chunk-size must be between 1KB and 15MB");
            }
        }
    }

    public StorageProperties {
        if (!"filesystem".equalsIgnoreCase(type) && !"gridfs".equalsIgnoreCase(type)) {
            throw new IllegalArgumentException("app.storage.type must be filesystem or gridfs, not " + type);
        }
    }

    boolean isGridFs() {
        return "gridfs".equalsIgnoreCase(type);
    }
}
