package io.imageingest.fetch;

import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

import io.imageingest.outbound.BlockedAddressException;
import io.imageingest.outbound.NumericHosts;
import io.netty.handler.timeout.ReadTimeoutException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Downloads one image: bounded redirects (followed here, hop by hop, so each hop is a fresh
 * connection subject to the same rules), a byte cap, a deadline per attempt and retries with
 * exponential backoff for transient failures only.
 */
public class ImageFetcher {

    private final WebClient client;
    private final FetchProperties props;

    public ImageFetcher(WebClient client, FetchProperties props) {
        this.client = client;
        this.props = props;
    }

    /** The image bytes at {@code url}, or a {@link FetchException}. */
    public Mono<byte[]> fetch(String url) {
        return Mono.defer(() -> attempt(parse(url)))
                .retryWhen(Retry.backoff(Math.max(0, props.maxAttempts() - 1), props.initialBackoff())
                        .maxBackoff(props.maxBackoff())
                        .jitter(0.5)
                        .filter(e -> e instanceof FetchException fe && fe.isTransient())
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
    }

    private Mono<byte[]> attempt(URI uri) {
        return hop(uri, 0)
                .timeout(props.totalTimeout(), Mono.error(() -> new FetchException("TIMEOUT",
                        "download took longer than " + props.totalTimeout().toMillis() + " ms", true)))
                .onErrorMap(e -> !(e instanceof FetchException), ImageFetcher::classify);
    }

    private Mono<byte[]> hop(URI uri, int redirects) {
        return client.get().uri(uri)
                .header(HttpHeaders.USER_AGENT, props.userAgent())
                .header(HttpHeaders.ACCEPT, "image/*,*/*;q=0.5")
                .exchangeToMono(response -> handle(uri, response))
                .flatMap(result -> {
                    if (result.redirect() == null) {
                        return Mono.just(result.body());
                    }
                    if (redirects >= props.maxRedirects()) {
                        return Mono.error(new FetchException("TOO_MANY_REDIRECTS",
                                "more than " + props.maxRedirects() + " redirects", false));
                    }
                    return hop(result.redirect(), redirects + 1);
                });
    }

    private Mono<HopResult> handle(URI uri, ClientResponse response) {
        HttpStatusCode status = response.statusCode();
        if (status.is3xxRedirection()) {
            String location = response.headers().asHttpHeaders().getFirst(HttpHeaders.LOCATION);
            if (location == null) {
                return response.releaseBody().then(Mono.error(new FetchException("HTTP_" + status.value(),
                        "redirect without Location", false)));
            }
            URI next = uri.resolve(location.trim());
            return response.releaseBody().then(Mono.fromCallable(() -> new HopResult(null, checkScheme(next))));
        }
        if (!status.is2xxSuccessful()) {
            int code = status.value();
            boolean retry = status.is5xxServerError() || code == 408 || code == 429;
            return response.releaseBody().then(Mono.error(new FetchException("HTTP_" + code,
                    "origin answered HTTP " + code, retry)));
        }
        long declared = response.headers().contentLength().orElse(-1L);
        long max = props.maxBytes().toBytes();
        if (declared > max) {
            return response.releaseBody().then(Mono.error(tooLarge(max)));
        }
        return DataBufferUtils.join(response.body(BodyExtractors.toDataBuffers()), (int) Math.min(max, Integer.MAX_VALUE))
                .map(ImageFetcher::toBytes)
                .defaultIfEmpty(new byte[0])
                .map(bytes -> new HopResult(bytes, null))
                .onErrorMap(DataBufferLimitException.class, e -> tooLarge(max));
    }

    private static FetchException tooLarge(long max) {
        return new FetchException("TOO_LARGE", "image body is larger than " + max + " bytes", false);
    }

    private static byte[] toBytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    static URI parse(String url) {
        try {
            return checkScheme(URI.create(url));
        } catch (IllegalArgumentException e) {
            throw new FetchException("INVALID_URL", "not a valid URL: " + e.getMessage(), false);
        }
    }

    private static URI checkScheme(URI given) {
        URI uri = NumericHosts.normalise(given);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new FetchException("INVALID_URL", "only absolute http(s) URLs can be fetched: " + uri, false);
        }
        return uri;
    }

    static FetchException classify(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof FetchException fe) {
                return fe;
            }
            root = root.getCause();
        }
        if (root instanceof FetchException fe) {
            return fe;
        }
        if (root instanceof BlockedAddressException blocked) {
            return new FetchException(BlockedAddressException.REASON, blocked.detail(), false);
        }
        if (root instanceof UnknownHostException) {
            return new FetchException("UNKNOWN_HOST", "host not found: " + root.getMessage(), false);
        }
        if (root instanceof ReadTimeoutException || root instanceof TimeoutException
                || root instanceof io.netty.channel.ConnectTimeoutException) {
            return new FetchException("TIMEOUT", "timed out: " + describe(root), true);
        }
        if (error instanceof WebClientRequestException || root instanceof java.io.IOException) {
            return new FetchException("CONNECTION_ERROR", "connection failed: " + describe(root), true);
        }
        return new FetchException("FETCH_ERROR", describe(root), false);
    }

    private static String describe(Throwable t) {
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    private record HopResult(byte[] body, URI redirect) {
    }
}
