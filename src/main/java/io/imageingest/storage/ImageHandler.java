package io.imageingest.storage;

import java.time.Duration;

import io.imageingest.system.ApiException;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** Serves output images: immutable, so a strong {@code ETag} and a year-long cache. */
@Component
class ImageHandler {

    private static final CacheControl CACHE = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

    private final ImageStore store;

    ImageHandler(ImageStore store) {
        this.store = store;
    }

    Mono<ServerResponse> get(ServerRequest request) {
        String key = request.pathVariable("requestId") + "/" + request.pathVariable("file");
        return store.get(key)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("No image " + request.path())))
                .flatMap(image -> {
                    if (request.headers().header(HttpHeaders.IF_NONE_MATCH).contains(image.etag())) {
                        return ServerResponse.status(304).eTag(image.etag()).cacheControl(CACHE).build();
                    }
                    return ServerResponse.ok()
                            .contentType(MediaType.IMAGE_JPEG)
                            .contentLength(image.size())
                            .eTag(image.etag())
                            .lastModified(image.lastModified())
                            .cacheControl(CACHE)
                            .body(BodyInserters.fromDataBuffers(image.content()));
                });
    }
}
