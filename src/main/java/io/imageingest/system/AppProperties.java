package io.imageingest.system;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Service-wide settings: where data lives and how output URLs are built.
 *
 * @param dataDir embedded database file and filesystem output store
 * @param publicBaseUrl prefix of output image URLs; blank means {@code http://localhost:{server.port}}
 */
@ConfigurationProperties("app")
public record AppProperties(@DefaultValue("./data") Path dataDir, @DefaultValue("") String publicBaseUrl) {
}
