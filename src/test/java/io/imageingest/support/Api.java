package io.imageingest.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.awaitility.Awaitility.await;

/** Talks to a running service over real HTTP, the way a client would. */
public final class Api {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    private final WebTestClient client;

    public Api(int port) {
        this("http://localhost:" + port);
    }

    /** Talks to the service at {@code baseUrl}, e.g. {@code http://127.0.0.1:port} to avoid any name lookup. */
    public Api(String baseUrl) {
        this.client = WebTestClient.bindToServer().baseUrl(baseUrl)
                .responseTimeout(Duration.ofSeconds(60)).build();
    }

    public WebTestClient client() {
        return client;
    }

    /** Uploads the CSV as multipart part {@code file} and returns the request id. */
    public String upload(String csv) {
        Map<String, Object> body = client.post().uri("/api/v1/requests")
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(multipart(csv)))
                .exchange()
                .expectStatus().isAccepted()
                .expectHeader().valueMatches("Location", "/api/v1/requests/[0-9a-f-]{36}")
                .expectBody(JSON).returnResult().getResponseBody();
        return (String) body.get("requestId");
    }

    public static org.springframework.util.MultiValueMap<String, org.springframework.http.HttpEntity<?>> multipart(
            String csv) {
        MultipartBodyBuilder builder = new MultipartBodyBuilder();
        builder.part("file", csv.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .filename("products.csv").contentType(MediaType.parseMediaType("text/csv"));
        return builder.build();
    }

    public Map<String, Object> status(String id) {
        return client.get().uri("/api/v1/requests/{id}", id).exchange()
                .expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody();
    }

    /** Waits for {@code COMPLETED} or {@code FAILED} and returns the final status body. */
    public Map<String, Object> awaitTerminal(String id) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> List.of("COMPLETED", "FAILED").contains(status(id).get("status")));
        return status(id);
    }

    public List<Map<String, Object>> products(String id) {
        return client.get().uri("/api/v1/requests/{id}/products?size=1000", id).exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
                }).returnResult().getResponseBody();
    }

    public String outputCsv(String id) {
        return client.get().uri("/api/v1/requests/{id}/output.csv", id).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("text/csv"))
                .expectBody(String.class).returnResult().getResponseBody();
    }

    /** Downloads an absolute output URL. */
    public byte[] download(String absoluteUrl) {
        return WebTestClient.bindToServer().build().get().uri(absoluteUrl).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.IMAGE_JPEG)
                .expectHeader().exists("ETag")
                .expectHeader().valueMatches("Cache-Control", ".*max-age=31536000.*")
                .expectBody(byte[].class).returnResult().getResponseBody();
    }
}
