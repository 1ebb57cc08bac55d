package io.imageingest.request;

import java.util.List;

import io.imageingest.security.ApiKeys;
import io.imageingest.system.ApiException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/requests/{id}}: status, counts and reported failures; {@code GET /api/v1/requests}: the
 * caller's recent requests.
 */
@Component
class RequestHandler {

    private final RequestLookup lookup;
    private final RequestRepository requests;
    private final RequestListProperties listProps;

    RequestHandler(RequestLookup lookup, RequestRepository requests, RequestListProperties listProps) {
        this.lookup = lookup;
        this.requests = requests;
        this.listProps = listProps;
    }

    /**
     * {@code GET /api/v1/requests?limit=20}: newest first, summaries only. With API keys in use, a caller
     * sees only the requests its key created, as with every other read.
     */
    Mono<ServerResponse> list(ServerRequest request) {
        int limit = limit(request.queryParam("limit").orElse(null));
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                .body(requests.findRecent(ApiKeys.callerOf(request), limit).map(RequestSummaryView::of)
                        .collectList(), List.class);
    }

    private int limit(String raw) {
        if (raw == null || raw.isBlank()) {
            return listProps.defaultLimit();
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= 1 && value <= listProps.maxLimit()) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("Invalid parameter", "query parameter 'limit' must be an integer from 1 to "
                + listProps.maxLimit() + " (app.request-list.max-limit), got '" + raw + "'");
    }

    Mono<ServerResponse> status(ServerRequest request) {
        return lookup.require(request.pathVariable("id"), ApiKeys.callerOf(request))
                .flatMap(r -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(RequestStatusView.of(r)));
    }
}
