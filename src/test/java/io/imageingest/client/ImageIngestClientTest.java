package io.imageingest.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.client.reactive.MockClientHttpRequest;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeStrategies;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static io.imageingest.client.StubExchange.json;
import static io.imageingest.client.StubExchange.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** The SDK against a scripted in-memory peer: wire format, error mapping, paging and upload encoding. */
class ImageIngestClientTest {

    final StubExchange stub = new StubExchange();
    final ImageIngestClient client = stub.client(ReconnectPolicy.DEFAULT);

    @Test
    void readsStatusIgnoringUnknownMembersAndStatuses() {
        stub.once("/r1", r -> json(200, StubExchange.status("PROCESSING", 1,
                ",\"webhook\":{\"state\":\"DELIVERED\",\"attempts\":2},\"brandNew\":[1,2]")));
        stub.once("/r1", r -> json(200, StubExchange.status("CANCELLED", 1, "")));

        RequestStatus status = client.status("r1").block();
        assertThat(status.status()).isEqualTo(Status.PROCESSING);
        assertThat(status.isTerminal()).isFalse();
        assertThat(status.images()).isEqualTo(new Counts(2, 1, 0, 1));
        assertThat(status.updatedAt()).isEqualTo(Instant.parse("2025-01-02T03:04:06.123Z"));
        assertThat(status.links()).containsEntry("self", "/api/v1/requests/r1");
        assertThat(client.status("r1").block().status()).isEqualTo(Status.UNKNOWN);

        ClientRequest sent = stub.requests.get(0);
        assertThat(sent.url().toString()).isEqualTo(StubExchange.BASE + "/api/v1/requests/r1");
        assertThat(StubExchange.headerValues(sent, "Authorization")).containsExactly("Bearer secret");
    }

    @Test
    void mapsProblemsToTypedExceptions() {
        stub.once("/a", r -> problem(400, "Invalid CSV", "2 invalid row(s), first at line 3",
                ",\"errors\":[{\"line\":3,\"reason\":\"bad S. No.\"},{\"line\":5,\"reason\":\"no name\"}]"));
        stub.once("/b", r -> problem(401, "Unauthorized", "the API key is not valid", ""));
        stub.once("/c", r -> problem(404, "Not found", "no request c", ""));
        stub.once("/d", r -> problem(409, "Not ready", "request d is PROCESSING", ",\"status\":\"PROCESSING\""));
        stub.once("/e", r -> problem(413, "Upload too large", "too big", ""));
        stub.once("/f", r -> problem(415, "Unsupported media type", "nope", ""));
        stub.once("/g", r -> problem(400, "Invalid parameter", "size", ""));
        stub.once("/i", r -> problem(409, "Idempotency key reused", "another body", ""));
        stub.once("/h", r -> ClientResponse.create(HttpStatus.BAD_GATEWAY).header("Content-Type", "text/html")
                .body("<html>bad gateway</html>").build());

        InvalidCsvException invalid = error("a", InvalidCsvException.class);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.title()).isEqualTo("Invalid CSV");
        assertThat(invalid.detail()).contains("line 3");
        assertThat(invalid.instance()).isEqualTo("/api/v1/requests");
        assertThat(invalid.errors()).containsExactly(new RowError(3, "bad S. No."), new RowError(5, "no name"));
        assertThat(invalid.properties()).containsKey("errors").doesNotContainKeys("title", "status");
        assertThat(error("b", UnauthorizedException.class).detail()).contains("not valid");
        assertThat(error("c", NotFoundException.class).getMessage()).isEqualTo("HTTP 404 Not found: no request c");
        assertThat(error("d", NotReadyException.class).requestStatus()).isEqualTo(Status.PROCESSING);
        error("e", PayloadTooLargeException.class);
        error("f", UnsupportedMediaTypeException.class);
        assertThat(error("g", ImageIngestException.class)).isExactlyInstanceOf(ImageIngestException.class);
        assertThat(error("i", ConflictException.class)).isExactlyInstanceOf(ConflictException.class);
        ImageIngestException gateway = error("h", ImageIngestException.class);
        assertThat(gateway.status()).isEqualTo(502);
        assertThat(gateway.detail()).contains("bad gateway");
    }

    private <T extends ImageIngestException> T error(String id, Class<T> type) {
        Throwable[] caught = new Throwable[1];
        StepVerifier.create(client.status(id)).expectErrorSatisfies(e -> caught[0] = e).verify(Duration.ofSeconds(5));
        assertThat(caught[0]).isInstanceOf(type);
        return type.cast(caught[0]);
    }

    @Test
    void followsNextLinksPageByPageOnDemand() {
        String product = "{\"requestId\":\"r1\",\"serialNumber\":%d,\"productName\":\"P%d\","
                + "\"inputImageUrls\":[\"http://o/a.jpg\"],\"outputImageUrls\":[\"\"],\"imageErrors\":[],"
                + "\"createdAt\":\"2025-01-02T03:04:05Z\",\"processedAt\":null,\"later\":true}";
        stub.once("/products", r -> ClientResponse.create(HttpStatus.OK).header("Content-Type", "application/json")
                .header("X-Total-Count", "3")
                .header("Link", "</api/v1/requests/r1/products?size=1000&page=1>; rel=\"next\"")
                .body("[" + product.formatted(1, 1) + "," + product.formatted(2, 2) + "]").build());
        stub.once("/products", r -> json(200, "[" + product.formatted(3, 3) + "]"));

        StepVerifier.create(client.products("r1"), 0)
                .then(() -> assertThat(stub.requests).as("first page asked on subscription").hasSize(1))
                .thenRequest(1)
                .assertNext(p -> assertThat(p.serialNumber()).isEqualTo(1))
                .then(() -> assertThat(stub.requests).as("next page only once this one is consumed").hasSize(1))
                .thenRequest(10)
                .assertNext(p -> assertThat(p.productName()).isEqualTo("P2"))
                .assertNext(p -> assertThat(p.outputImageUrls()).containsExactly(""))
                .verifyComplete();
        assertThat(stub.requests).extracting(r -> r.url().toString()).containsExactly(
                StubExchange.BASE + "/api/v1/requests/r1/products?size=1000&page=0",
                StubExchange.BASE + "/api/v1/requests/r1/products?size=1000&page=1");
    }

    @Test
    void uploadsAMultipartFilePartWithWebhookAndIdempotencyKey() {
        stub.once("/api/v1/requests", r -> json(202, "{\"requestId\":\"r9\",\"status\":\"PENDING\","
                + "\"productCount\":1,\"imageCount\":2,\"createdAt\":\"2025-01-02T03:04:05Z\",\"webhookUrl\":null,"
                + "\"links\":{\"self\":\"/api/v1/requests/r9\"},\"more\":1}"));
        DataBuffer csv = DefaultDataBufferFactory.sharedInstance
                .wrap("S. No.,Product Name,Input Image Urls\n1,A,http://o/a.jpg\n".getBytes(StandardCharsets.UTF_8));

        Accepted accepted = client.submit(Flux.just(csv),
                new SubmitOptions("http://hook.test/cb?a=1&b=2", "key-1")).block();

        assertThat(accepted.requestId()).isEqualTo("r9");
        assertThat(accepted.status()).isEqualTo(Status.PENDING);
        assertThat(accepted.imageCount()).isEqualTo(2);
        ClientRequest sent = stub.requests.get(0);
        assertThat(sent.method()).isEqualTo(HttpMethod.POST);
        assertThat(sent.url().getRawQuery()).isEqualTo("webhookUrl=http%3A%2F%2Fhook.test%2Fcb%3Fa%3D1%26b%3D2");
        assertThat(StubExchange.headerValues(sent, "Idempotency-Key")).containsExactly("key-1");
        MockClientHttpRequest wire = new MockClientHttpRequest(sent.method(), sent.url());
        sent.writeTo(wire, ExchangeStrategies.withDefaults()).block();
        assertThat(wire.getHeaders().getContentType().toString()).startsWith("multipart/form-data");
        assertThat(wire.getBodyAsString().block()).contains("name=\"file\"", "filename=\"products.csv\"",
                "Content-Type: text/csv", "1,A,http://o/a.jpg");
    }

    @Test
    void resolvesNextLinksUnderAPathPrefixAndComputesBackoff() {
        Endpoints prefixed = new Endpoints("https://gw.test/ingest/");
        URI current = prefixed.products("r1", 1000);
        assertThat(current.toString()).isEqualTo("https://gw.test/ingest/api/v1/requests/r1/products?size=1000&page=0");
        assertThat(prefixed.next(current, List.of("</x?page=0>; rel=\"prev\", </api/v1/requests/r1/products"
                + "?size=1000&page=1>; rel=\"next\""))).hasToString(
                "https://gw.test/ingest/api/v1/requests/r1/products?size=1000&page=1");
        assertThat(prefixed.next(current, List.of("</x?page=0>; rel=\"prev\""))).isNull();
        assertThat(prefixed.request("a b/c", "")).hasToString("https://gw.test/ingest/api/v1/requests/a%20b%2Fc");

        ReconnectPolicy policy = new ReconnectPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(1),
                Duration.ofSeconds(5));
        assertThat(policy.delay(0, null)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.delay(2, null)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.delay(3, Duration.ofMillis(300))).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delay(0, Duration.ofMillis(300))).isEqualTo(Duration.ofMillis(300));
    }
}
