package io.imageingest.events;

import io.imageingest.request.RequestLookup;
import io.imageingest.security.ApiKeys;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** {@code GET /api/v1/requests/{id}/events}: {@code 404} problem for an unknown id, else the stream. */
@Component
class EventsHandler {

    private final RequestLookup lookup;
    private final RequestEventStream stream;
    private final EventsMetrics metrics;

    EventsHandler(RequestLookup lookup, RequestEventStream stream, EventsMetrics metrics) {
        this.lookup = lookup;
        this.stream = stream;
        this.metrics = metrics;
    }

    Mono<ServerResponse> events(ServerRequest request) {
        String lastEventId = request.headers().firstHeader("Last-Event-ID");
        return lookup.require(request.pathVariable("id"), ApiKeys.callerOf(request))
                .flatMap(current -> ServerResponse.ok()
                        .contentType(MediaType.TEXT_EVENT_STREAM)
                        .cacheControl(CacheControl.noStore())
                        .header("X-Accel-Buffering", "no")
                        .body(BodyInserters.fromServerSentEvents(
                                metrics.counted(stream.events(current, lastEventId)))));
    }
}
