package io.imageingest.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * API access.
 *
 * @param apiKeys accepted API keys (comma-separated); empty means the API is open
 */
@ConfigurationProperties("app.security")
public record SecurityProperties(@DefaultValue("") List<String> apiKeys) {
}
