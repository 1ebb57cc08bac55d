package io.imageingest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.imageingest.support.ImageOrigin;
import io.imageingest.support.TestImages;
import io.imageingest.support.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** With API keys configured, every API call needs one and a request is visible only to its creator. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiKeyIntegrationTest {

    static final ImageOrigin origin = new ImageOrigin();

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestService.register(registry, dataDir, "127.0.0.1:" + origin.port());
        registry.add("app.security.api-keys", () -> "key-alpha, key-beta");
    }

    @LocalServerPort
    int port;

    @AfterAll
    static void stopOrigin() {
        origin.close();
    }

    private WebTestClient as(String key) {
        WebTestClient.Builder builder = WebTestClient.bindToServer().baseUrl("http://localhost:" + port);
        if (key != null) {
            builder.defaultHeader("Authorization", "Bearer " + key);
        }
        return builder.build();
    }

    @Test
    void rejectsCallsWithoutOrWithWrongKey() {
        as(null).get().uri("/api/v1/requests/{id}", "x").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        as("key-gamma").post().uri("/api/v1/requests").contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue("S. No.,Product Name,Input Image Urls\n1,A,http://example.com/a.jpg\n")
                .exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.detail").isEqualTo("the API key is not valid");
    }

    @Test
    void showsARequestOnlyToTheKeyThatCreatedIt() {
        origin.serve("/k/a.jpg", TestImages.jpeg(120, 90, 1), "image/jpeg");
        Map<String, Object> accepted = as("key-alpha").post().uri("/api/v1/requests")
                .contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue("S. No.,Product Name,Input Image Urls\n1,A," + origin.url("/k/a.jpg") + "\n")
                .exchange()
                .expectStatus().isAccepted()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody();
        String id = (String) accepted.get("requestId");

        for (String path : new String[]{"", "/products", "/output.csv"}) {
            as("key-beta").get().uri("/api/v1/requests/" + id + path).exchange().expectStatus().isNotFound();
        }
        as("key-alpha").get().uri("/api/v1/requests/" + id).exchange().expectStatus().isOk();

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                "COMPLETED".equals(as("key-alpha").get().uri("/api/v1/requests/" + id).exchange()
                        .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("status")));
        String image = "/images/" + id + "/1-0.jpg";
        byte[] jpeg = as(null).get().uri(image).exchange().expectStatus().isOk()
                .expectHeader().contentType(MediaType.IMAGE_JPEG)
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(TestImages.decode(jpeg).getWidth()).isEqualTo(120);
    }

    @Test
    void listsOnlyTheCallersOwnRecentRequestsNewestFirst() {
        String csv = "S. No.,Product Name,Input Image Urls\n1,A,http://example.com/a.jpg\n";
        String alpha1 = upload("key-alpha", csv);
        String beta = upload("key-beta", csv);
        String alpha2 = upload("key-alpha", csv);

        as(null).get().uri("/api/v1/requests").exchange().expectStatus().isUnauthorized();
        List<Map<String, Object>> alphas = list("key-alpha", "/api/v1/requests?limit=100");
        assertThat(alphas).extracting(r -> r.get("requestId")).containsSubsequence(alpha2, alpha1)
                .doesNotContain(beta);
        assertThat(alphas.get(0)).containsKeys("status", "createdAt", "products", "images", "links")
                .doesNotContainKeys("failures", "webhook");
        assertThat(list("key-alpha", "/api/v1/requests?limit=1")).extracting(r -> r.get("requestId"))
                .containsExactly(alpha2);
        assertThat(list("key-beta", "/api/v1/requests")).extracting(r -> r.get("requestId")).containsExactly(beta);
        as("key-alpha").get().uri("/api/v1/requests?limit=101").exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void servesTheWebPageAndItsFilesWithoutAKey() {
        for (String path : List.of("/", "/index.html", "/js/app.js", "/css/app.css")) {
            as(null).get().uri(path).exchange().expectStatus().isOk();
        }
    }

    private String upload(String key, String csv) {
        return (String) as(key).post().uri("/api/v1/requests").contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue(csv).exchange().expectStatus().isAccepted()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody().get("requestId");
    }

    private List<Map<String, Object>> list(String key, String uri) {
        return as(key).get().uri(uri).exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
                }).returnResult().getResponseBody();
    }
}
