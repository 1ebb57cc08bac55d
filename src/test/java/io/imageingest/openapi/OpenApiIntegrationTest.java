package io.imageingest.openapi;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.imageingest.support.Api;
import io.imageingest.support.TestService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.server.RouterFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The served API description against the application itself: every route of every
 * {@link RouterFunction} bean is described (so a new route without documentation fails here), and
 * the description and Swagger UI are reachable without an API key even when keys are required.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiIntegrationTest {

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head",
            "options", "trace");
    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestService.register(registry, dataDir, "");
        registry.add("app.security.api-keys", () -> "docs-test-key");
    }

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api("http://127.0.0.1:" + port);
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void describesEveryRouteTheApplicationServes() {
        Iterable<RouterFunction<?>> routers = (Iterable) context.getBeansOfType(RouterFunction.class).values();
        Set<String> served = RouteCollector.collect(routers);
        assertThat(served).contains("POST /api/v1/requests", "GET /api/v1/requests/{id}/events");

        Set<String> described = new TreeSet<>();
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) apiDocs().get("paths");
        paths.forEach((path, item) -> item.keySet().stream().filter(HTTP_METHODS::contains)
                .forEach(method -> described.add(method.toUpperCase() + " " + path)));

        assertThat(described).as("operations in /v3/api-docs").containsExactlyInAnyOrderElementsOf(served);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyOperationDocumentsItsProblemResponses() {
        Map<String, Object> docs = apiDocs();
        Map<String, Map<String, Map<String, Object>>> paths =
                (Map<String, Map<String, Map<String, Object>>>) docs.get("paths");
        paths.forEach((path, item) -> item.forEach((method, operation) -> {
            Map<String, Object> responses = (Map<String, Object>) operation.get("responses");
            if (path.contains("{")) {
                assertThat(responses).as(method + " " + path).containsKey("404");
            }
            if (path.startsWith("/api/")) {
                assertThat(responses).as(method + " " + path).containsKey("401");
            }
            assertThat(responses.keySet()).as(method + " " + path).anyMatch(code -> code.startsWith("2"));
        }));
        Map<String, Object> upload = paths.get("/api/v1/requests").get("post");
        assertThat(((Map<String, Object>) upload.get("responses")).keySet())
                .contains("202", "400", "401", "409", "413", "415");
        Map<String, Object> content = (Map<String, Object>) ((Map<String, Object>) upload.get("requestBody"))
                .get("content");
        assertThat(content).containsKeys("multipart/form-data", "text/csv");
        assertThat((List<Map<String, Object>>) upload.get("parameters"))
                .extracting(p -> resolve(docs, p).get("name")).contains("Idempotency-Key", "webhookUrl");
    }

    @Test
    @SuppressWarnings("unchecked")
    void declaresTheWebhookAndRequiresTheApiKeyWhenKeysAreConfigured() {
        Map<String, Object> docs = apiDocs();
        assertThat(docs.get("openapi")).asString().startsWith("3.1");
        assertThat((Map<String, Object>) docs.get("webhooks")).containsKey("requestEnded");
        assertThat((List<Map<String, Object>>) docs.get("security"))
                .containsExactly(Map.of(OpenApiDescription.SECURITY_SCHEME, List.of()));
        Map<String, Object> schemes = (Map<String, Object>) ((Map<String, Object>) docs.get("components"))
                .get("securitySchemes");
        assertThat((Map<String, Object>) schemes.get(OpenApiDescription.SECURITY_SCHEME))
                .containsEntry("type", "http").containsEntry("scheme", "bearer");
    }

    @Test
    void swaggerUiIsReachableWithoutAnApiKey() {
        String location = api.client().get().uri("/swagger-ui.html").exchange()
                .expectStatus().is3xxRedirection()
                .returnResult(Void.class).getResponseHeaders().getLocation().toString();
        api.client().get().uri(location).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);
        api.client().get().uri("/v3/api-docs/swagger-config").exchange().expectStatus().isOk();
        api.client().get().uri("/api/v1/requests/x").exchange().expectStatus().isUnauthorized();
    }

    /** Follows a local {@code $ref} such as {@code #/components/parameters/IdempotencyKey}. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> resolve(Map<String, Object> docs, Map<String, Object> node) {
        Object ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        Map<String, Object> target = docs;
        for (String part : ((String) ref).substring(2).split("/")) {
            target = (Map<String, Object>) target.get(part);
        }
        return target;
    }

    private Map<String, Object> apiDocs() {
        return api.client().get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody(JSON).returnResult().getResponseBody();
    }
}
