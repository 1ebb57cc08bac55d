package io.imageingest.client;

import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/**
 * All products of a request: one page of {@value #PAGE_SIZE} at a time, following {@code Link: rel="next"}.
 * Each page's JSON array is decoded element by element as it arrives, and the next page is only asked for
 * once the previous one has been consumed, so memory stays bounded and downstream demand reaches the socket.
 */
final class ProductPages {

    static final int PAGE_SIZE = 1000;

    private ProductPages() {
    }

    static Flux<Product> all(WebClient web, Endpoints endpoints, String id) {
        return Flux.defer(() -> {
            AtomicReference<URI> next = new AtomicReference<>(endpoints.products(id, PAGE_SIZE));
            AtomicLong lastPageItems = new AtomicLong();
            return Flux.defer(() -> page(web, endpoints, next, lastPageItems))
                    .repeat(() -> next.get() != null && lastPageItems.get() > 0);
        });
    }

    private static Flux<Product> page(WebClient web, Endpoints endpoints, AtomicReference<URI> next,
                                      AtomicLong items) {
        URI uri = next.getAndSet(null);
        items.set(0);
        return web.get().uri(uri).accept(MediaType.APPLICATION_JSON)
                .exchangeToFlux(response -> {
                    if (response.statusCode().isError()) {
                        return Problems.read(response).flatMapMany(Flux::error);
                    }
                    next.set(endpoints.next(uri, response.headers().header("Link")));
                    return response.bodyToFlux(Product.class);
                })
                .doOnNext(product -> items.incrementAndGet());
    }
}
