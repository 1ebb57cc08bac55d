package io.imageingest.request;

import io.imageingest.system.ApiException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Finds a request for the API, or fails with a {@code 404} problem. */
@Component
public class RequestLookup {

    private final RequestRepository requests;

    RequestLookup(RequestRepository requests) {
        this.requests = requests;
    }

    public Mono<RequestDocument> require(String id) {
        return requests.findById(id)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("No request with id " + id)));
    }
}
