package io.imageingest.client;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Objects;

import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Non-blocking client of the image-ingest HTTP API ({@code /api/v1}), built on Spring's {@link WebClient}.
 * Nothing happens until a returned publisher is subscribed; every call can be subscribed again to repeat it.
 * Error answers become {@link ImageIngestException}s (see its subclasses).
 *
 * <pre>{@code
 * ImageIngestClient client = ImageIngestClient.builder().baseUrl("http://localhost:8080").apiKey(key).build();
 * RequestStatus done = client.submit(Path.of("products.csv"))
 *         .flatMap(accepted -> client.awaitCompletion(accepted.requestId()))
 *         .block();
 * }</pre>
 */
public final class ImageIngestClient {

    private static final MediaType TEXT_CSV = MediaType.parseMediaType("text/csv");
    private static final int READ_BUFFER = 64 * 1024;

    private final WebClient web;
    private final Endpoints endpoints;
    private final EventStream events;
    private final ReconnectPolicy reconnect;
    private final Duration pollInterval;

    ImageIngestClient(WebClient web, Endpoints endpoints, ReconnectPolicy reconnect, Duration pollInterval) {
        this.web = web;
        this.endpoints = endpoints;
        this.reconnect = reconnect;
        this.pollInterval = pollInterval;
        this.events = new EventStream(web, endpoints, reconnect);
    }

    /** A builder; {@link ImageIngestClientBuilder#baseUrl(String)} is required. */
    public static ImageIngestClientBuilder builder() {
        return new ImageIngestClientBuilder();
    }

    /** A client with default settings and no API key for the service at {@code baseUrl}. */
    public static ImageIngestClient create(String baseUrl) {
        return builder().baseUrl(baseUrl).build();
    }

    /** The service root this client talks to, without a trailing slash. */
    public String baseUrl() {
        return endpoints.base();
    }

    /** Uploads a CSV file, streamed from disk, as multipart part {@code file}. */
    public Mono<Accepted> submit(Path csv) {
        return submit(csv, SubmitOptions.NONE);
    }

    /** Uploads a CSV file, streamed from disk, with a webhook URL and/or an idempotency key. */
    public Mono<Accepted> submit(Path csv, SubmitOptions options) {
        Objects.requireNonNull(csv, "csv");
        Path name = csv.getFileName();
        return upload(DataBufferUtils.read(csv, DefaultDataBufferFactory.sharedInstance, READ_BUFFER),
                name == null ? "products.csv" : name.toString(), options);
    }

    /** Uploads CSV bytes from any publisher (streamed, never collected) as multipart part {@code file}. */
    public Mono<Accepted> submit(Publisher<DataBuffer> csv) {
        return submit(csv, SubmitOptions.NONE);
    }

    /** Uploads CSV bytes from any publisher with a webhook URL and/or an idempotency key. */
    public Mono<Accepted> submit(Publisher<DataBuffer> csv, SubmitOptions options) {
        return upload(Objects.requireNonNull(csv, "csv"), "products.csv", options);
    }

    private Mono<Accepted> upload(Publisher<DataBuffer> csv, String filename, SubmitOptions options) {
        SubmitOptions opts = options == null ? SubmitOptions.NONE : options;
        return Mono.defer(() -> {
            MultipartBodyBuilder parts = new MultipartBodyBuilder();
            parts.asyncPart("file", csv, DataBuffer.class).filename(filename).contentType(TEXT_CSV);
            return web.post().uri(endpoints.requests(opts.webhookUrl()))
                    .contentType(MediaType.MULTIPART_FORM_DATA)
                    .accept(MediaType.APPLICATION_JSON)
                    .headers(headers -> {
                        if (opts.idempotencyKey() != null) {
                            headers.set("Idempotency-Key", opts.idempotencyKey());
                        }
                    })
                    .body(BodyInserters.fromMultipartData(parts.build()))
                    .retrieve()
                    .onStatus(HttpStatusCode::isError, Problems::read)
                    .bodyToMono(Accepted.class);
        });
    }

    /** The request's current status; {@link NotFoundException} for an unknown id. */
    public Mono<RequestStatus> status(String id) {
        return Mono.defer(() -> web.get().uri(endpoints.request(id, "")).accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .onStatus(HttpStatusCode::isError, Problems::read)
                .bodyToMono(RequestStatus.class));
    }

    /**
     * Every product of the request in serial order, fetched lazily page by page ({@code size=1000}) as
     * downstream demands them. Products not processed yet have no output URLs.
     */
    public Flux<Product> products(String id) {
        return ProductPages.all(web, endpoints, id);
    }

    /**
     * The request's server-sent events: its current state first, then {@code progress} and {@code status}
     * events; completes after the terminal status event. A dropped or idle connection, a premature end or a
     * {@code 5xx} is resumed with {@code Last-Event-ID} per the {@link ReconnectPolicy}, so no state is
     * missed or repeated; {@code 4xx} answers and exhausted retries end the flux with the error.
     */
    public Flux<RequestEvent> events(String id) {
        return Flux.defer(() -> {
            endpoints.request(id, "");
            return events.events(id);
        });
    }

    /**
     * The terminal status ({@code COMPLETED} or {@code FAILED}) once the request has ended. Follows
     * {@link #events(String)}; if the event stream fails for good (transport errors), falls back to polling
     * {@link #status(String)} every poll interval. Apply {@link Mono#timeout(Duration)} to bound the wait.
     */
    public Mono<RequestStatus> awaitCompletion(String id) {
        return events(id).last().map(RequestEvent::status)
                .onErrorResume(e -> EventStream.isRetryable(e) || e instanceof NoSuchElementException,
                        e -> poll(id));
    }

    private Mono<RequestStatus> poll(String id) {
        Mono<RequestStatus> once = status(id).retryWhen(EventStream.retry(reconnect, () -> null));
        return once.expand(s -> s.isTerminal() ? Mono.empty() : Mono.delay(pollInterval).then(once))
                .last();
    }

    /**
     * {@code output.csv}, streamed as it is read. {@link NotReadyException} until the request is terminal.
     * Release the buffers (or use {@link #downloadOutputCsv(String, Path)} / {@link #outputCsvAsString}).
     */
    public Flux<DataBuffer> outputCsv(String id) {
        return Flux.defer(() -> web.get().uri(endpoints.request(id, "/output.csv"))
                .accept(TEXT_CSV, MediaType.ALL)
                .retrieve()
                .onStatus(HttpStatusCode::isError, Problems::read)
                .bodyToFlux(DataBuffer.class));
    }

    /** {@code output.csv} as one string (held in memory: meant for small requests). */
    public Mono<String> outputCsvAsString(String id) {
        return DataBufferUtils.join(outputCsv(id)).map(buffer -> {
            try {
                return buffer.toString(StandardCharsets.UTF_8);
            } finally {
                DataBufferUtils.release(buffer);
            }
        });
    }

    /**
     * Streams {@code output.csv} into {@code target} (created or truncated). The file is only opened once
     * the server answered with content, so a {@link NotReadyException} leaves it untouched.
     */
    public Mono<Void> downloadOutputCsv(String id, Path target) {
        Objects.requireNonNull(target, "target");
        return outputCsv(id)
                .switchOnFirst((first, all) -> first.hasError() ? all.then() : DataBufferUtils.write(all, target))
                .then();
    }
}
