package io.imageingest.client;

import java.time.Duration;
import java.util.Objects;

import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/** Configures and builds an {@link ImageIngestClient}; get one from {@link ImageIngestClient#builder()}. */
public final class ImageIngestClientBuilder {

    private String baseUrl;
    private String apiKey;
    private WebClient.Builder webClientBuilder;
    private ClientHttpConnector connector;
    private ReconnectPolicy reconnectPolicy = ReconnectPolicy.DEFAULT;
    private Duration pollInterval = Duration.ofSeconds(2);
    private int maxInMemorySize = 16 * 1024 * 1024;

    ImageIngestClientBuilder() {
    }

    /**
     * The service root, such as {@code http://localhost:8080} (without {@code /api/v1}); a path prefix
     * (for a service behind a reverse proxy) is kept. Required.
     */
    public ImageIngestClientBuilder baseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
        return this;
    }

    /** The API key, sent as {@code Authorization: Bearer <key>}; null (the default) sends none. */
    public ImageIngestClientBuilder apiKey(String apiKey) {
        this.apiKey = apiKey;
        return this;
    }

    /**
     * A {@link WebClient.Builder} to start from (for example Spring Boot's, with its codecs, filters and
     * observation); it is cloned, not changed. Its base URL, if any, is not used.
     */
    public ImageIngestClientBuilder webClientBuilder(WebClient.Builder webClientBuilder) {
        this.webClientBuilder = webClientBuilder;
        return this;
    }

    /** The HTTP connector (timeouts, proxy, TLS, connection pool); replaces the builder's one. */
    public ImageIngestClientBuilder connector(ClientHttpConnector connector) {
        this.connector = connector;
        return this;
    }

    /** How {@code events()} reconnects; {@link ReconnectPolicy#DEFAULT} unless set. */
    public ImageIngestClientBuilder reconnectPolicy(ReconnectPolicy reconnectPolicy) {
        this.reconnectPolicy = Objects.requireNonNull(reconnectPolicy, "reconnectPolicy");
        return this;
    }

    /** How often {@code awaitCompletion()} polls the status once the event stream failed for good; 2 s. */
    public ImageIngestClientBuilder pollInterval(Duration pollInterval) {
        if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive");
        }
        this.pollInterval = pollInterval;
        return this;
    }

    /**
     * Largest JSON document decoded at once (a status body, one product, a problem); 16 MB. Product pages
     * and {@code output.csv} are streamed and not bound by it.
     */
    public ImageIngestClientBuilder maxInMemorySize(int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("maxInMemorySize must be positive");
        }
        this.maxInMemorySize = bytes;
        return this;
    }

    /** The client. */
    public ImageIngestClient build() {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalStateException("baseUrl is required");
        }
        Endpoints endpoints = new Endpoints(baseUrl);
        WebClient.Builder web = webClientBuilder != null ? webClientBuilder.clone() : WebClient.builder();
        if (connector != null) {
            web.clientConnector(connector);
        }
        int max = maxInMemorySize;
        web.codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(max));
        if (apiKey != null && !apiKey.isBlank()) {
            String key = apiKey.trim();
            web.defaultHeaders(headers -> headers.setBearerAuth(key));
        }
        web.defaultHeaders(headers -> {
            if (!headers.containsHeader(HttpHeaders.USER_AGENT)) {
                headers.set(HttpHeaders.USER_AGENT, "image-ingest-java-client");
            }
        });
        return new ImageIngestClient(web.build(), endpoints, reconnectPolicy, pollInterval);
    }
}
