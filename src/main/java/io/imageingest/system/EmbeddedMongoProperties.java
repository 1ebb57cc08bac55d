package io.imageingest.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded MongoDB-compatible server used when no {@code spring.mongodb.uri} is set.
 *
 * @param backend {@code h2} (a file under the data directory, survives restarts) or {@code memory}
 * @param port loopback port to listen on; {@code 0} picks a free one
 * @param database database name
 */
@ConfigurationProperties("app.embedded-mongo")
public record EmbeddedMongoProperties(
        @DefaultValue("h2") String backend,
        @DefaultValue("0") int port,
        @DefaultValue("imageingest") String database) {
}
