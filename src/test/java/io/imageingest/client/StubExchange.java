package io.imageingest.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A scripted in-memory HTTP peer for unit tests: answers by path suffix, records every request. */
final class StubExchange implements ExchangeFunction {

    static final String BASE = "http://stub.test";

    private final Map<String, Deque<Function<ClientRequest, ClientResponse>>> answers = new ConcurrentHashMap<>();
    private final Map<String, Function<ClientRequest, ClientResponse>> fallbacks = new ConcurrentHashMap<>();
    final List<ClientRequest> requests = new CopyOnWriteArrayList<>();

    /** Answers the next request whose path ends with {@code suffix} once. */
    StubExchange once(String suffix, Function<ClientRequest, ClientResponse> answer) {
        answers.computeIfAbsent(suffix, s -> new ArrayDeque<>()).add(answer);
        return this;
    }

    /** Answers every request whose path ends with {@code suffix} once the scripted ones are used up. */
    StubExchange always(String suffix, Function<ClientRequest, ClientResponse> answer) {
        fallbacks.put(suffix, answer);
        return this;
    }

    ImageIngestClient client(ReconnectPolicy policy) {
        return ImageIngestClient.builder().baseUrl(BASE).apiKey("secret")
                .webClientBuilder(WebClient.builder().exchangeFunction(this))
                .reconnectPolicy(policy).pollInterval(Duration.ofMillis(5)).build();
    }

    List<ClientRequest> requestsTo(String suffix) {
        return requests.stream().filter(r -> r.url().getPath().endsWith(suffix)).toList();
    }

    @Override
    public Mono<ClientResponse> exchange(ClientRequest request) {
        return Mono.fromSupplier(() -> {
            requests.add(request);
            String path = request.url().getPath();
            for (var entry : answers.entrySet()) {
                if (path.endsWith(entry.getKey())) {
                    Function<ClientRequest, ClientResponse> answer = entry.getValue().poll();
                    if (answer != null) {
                        return answer.apply(request);
                    }
                }
            }
            return fallbacks.entrySet().stream().filter(e -> path.endsWith(e.getKey())).findFirst()
                    .map(e -> e.getValue().apply(request))
                    .orElseGet(() -> problem(404, "Not found", "no stub for " + path, ""));
        });
    }

    static ClientResponse json(int status, String body) {
        return ClientResponse.create(HttpStatus.valueOf(status)).header("Content-Type", "application/json")
                .body(body).build();
    }

    static ClientResponse problem(int status, String title, String detail, String extra) {
        return ClientResponse.create(HttpStatus.valueOf(status))
                .header("Content-Type", "application/problem+json")
                .body("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                        + ",\"detail\":\"" + detail + "\",\"instance\":\"/api/v1/requests\"" + extra + "}")
                .build();
    }

    /** A {@code text/event-stream} answer streaming {@code chunks} (which may end with an error). */
    static ClientResponse sse(Flux<String> chunks) {
        Flux<DataBuffer> body = chunks.map(text -> DefaultDataBufferFactory.sharedInstance
                .wrap(text.getBytes(StandardCharsets.UTF_8)));
        return ClientResponse.create(HttpStatus.OK).header("Content-Type", "text/event-stream").body(body).build();
    }

    static String event(String id, String type, String statusJson) {
        return "id:" + id + "\nevent:" + type + "\ndata:" + statusJson + "\n\n";
    }

    /** A status body; {@code extra} is spliced in to test unknown members. */
    static String status(String status, long done, String extra) {
        return "{\"requestId\":\"r1\",\"status\":\"" + status + "\",\"createdAt\":\"2025-01-02T03:04:05Z\","
                + "\"updatedAt\":\"2025-01-02T03:04:06.123Z\",\"startedAt\":null,\"finishedAt\":null,"
                + "\"products\":{\"total\":2,\"done\":" + done + ",\"failed\":0,\"pending\":" + (2 - done) + "},"
                + "\"images\":{\"total\":2,\"done\":" + done + ",\"failed\":0,\"pending\":" + (2 - done) + "},"
                + "\"bytesIn\":10,\"bytesOut\":5,\"failures\":[],\"failuresTruncated\":false,"
                + "\"webhookUrl\":null,\"error\":null,\"links\":{\"self\":\"/api/v1/requests/r1\"}" + extra + "}";
    }

    static List<String> headerValues(ClientRequest request, String name) {
        List<String> values = request.headers().get(name);
        return values == null ? List.of() : new ArrayList<>(values);
    }
}
