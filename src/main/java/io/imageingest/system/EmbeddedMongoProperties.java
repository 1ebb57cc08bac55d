package io.imageingest.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The embedded MongoDB-compatible server used when no {@code spring.mongodb.uri} is set.
 *
 * @param backend {@code h2} (a file under the data directory, survives restarts) or {@code memory}
 * @param port loopback port to listen on; {@code 0} picks a free one
 * @param database database name
 * @param cacheSize MVStore page cache of the {@code h2} backend (part of the heap); a larger cache keeps more
 *                  of the index and document pages in memory, which mostly helps deletes and look-ups
 * @param autoCommitBuffer unsaved changes the {@code h2} backend collects before its background writer
 *                         stores them (MVStore's auto-commit buffer, also heap)
 */
@ConfigurationProperties("app.embedded-mongo")
public record EmbeddedMongoProperties(
        @DefaultValue("h2") String backend,
        @DefaultValue("0") int port,
        @DefaultValue("imageingest") String database,
        @DefaultValue("16MB") DataSize cacheSize,
        @DefaultValue("1MB") DataSize autoCommitBuffer) {
}
