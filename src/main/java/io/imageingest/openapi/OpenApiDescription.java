package io.imageingest.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.imageingest.security.ApiKeys;
import io.swagger.v3.core.util.Yaml31;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

/**
 * The API description served at {@code /v3/api-docs} (and shown by Swagger UI at
 * {@code /swagger-ui.html}). The routes are functional {@code RouterFunction}s, which carry no
 * annotations to generate a description from, so it is written by hand in
 * {@code openapi/image-ingest.yaml} and replaces whatever springdoc derived from the routers; springdoc
 * still adds the {@code servers} entry of the caller's base URL. A test compares the routes the
 * application serves with the paths described here.
 *
 * <p>When API keys are configured, every operation requires the bearer scheme except those that
 * opt out ({@code security: []}, the output images). The description and Swagger UI are outside
 * {@code /api/**} and therefore never need a key: they are documentation.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiDescription {

    static final String RESOURCE = "openapi/image-ingest.yaml";
    static final String SECURITY_SCHEME = "apiKey";

    @Bean
    OpenApiCustomizer imageIngestDescription(ApiKeys keys) {
        return generated -> {
            OpenAPI written = load();
            generated.setOpenapi(written.getOpenapi());
            generated.setInfo(written.getInfo());
            generated.setTags(written.getTags());
            generated.setPaths(written.getPaths());
            generated.setWebhooks(written.getWebhooks());
            generated.setComponents(written.getComponents());
            generated.setSecurity(null);
            if (keys.enabled()) {
                generated.addSecurityItem(new SecurityRequirement().addList(SECURITY_SCHEME));
            }
        };
    }

    /** The hand-written description; parsed afresh per call because springdoc mutates what it is given. */
    static OpenAPI load() {
        try (InputStream in = new ClassPathResource(RESOURCE).getInputStream()) {
            return Yaml31.mapper().readValue(in, OpenAPI.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
