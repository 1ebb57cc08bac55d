package io.imageingest.request;

import io.imageingest.security.ApiKeys;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** {@code GET /api/v1/requests/{id}}: status, counts and reported failures. */
@Component
class RequestHandler {

    private final RequestLookup lookup;

    RequestHandler(RequestLookup lookup) {
        this.lookup = lookup;
    }

    Mono<ServerResponse> status(ServerRequest request) {
        return lookup.require(request.pathVariable("id"), ApiKeys.callerOf(request))
                .flatMap(r -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(RequestStatusView.of(r)));
    }
}
