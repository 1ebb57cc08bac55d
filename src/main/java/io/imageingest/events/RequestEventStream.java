package io.imageingest.events;

import java.util.concurrent.atomic.AtomicReference;

import io.imageingest.request.RequestDocument;
import io.imageingest.request.RequestStatusView;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * Turns the watched states of one request into its event stream: the current state first (event
 * {@code status}), then {@code progress} when counts change and {@code status} when the status changes,
 * ending after {@code COMPLETED} or {@code FAILED}. Each event's id is {@code {status}.{images tried}},
 * which only grows; a client reconnecting with {@code Last-Event-ID} gets the current state unless it
 * already had exactly that one, so the terminal event is never missed.
 */
@Component
class RequestEventStream {

    private final RequestWatcher watcher;
    private final EventsProperties props;

    RequestEventStream(RequestWatcher watcher, EventsProperties props) {
        this.watcher = watcher;
        this.props = props;
    }

    Flux<ServerSentEvent<RequestStatusView>> events(RequestDocument current, String lastEventId) {
        AtomicReference<RequestDocument> lastSent = new AtomicReference<>();
        AtomicReference<String> lastId = new AtomicReference<>(lastEventId);
        Flux<RequestDocument> states = current.status().isTerminal()
                ? Flux.just(current)
                : Flux.concat(Flux.just(current), watcher.watch(current.id()))
                        .takeUntil(doc -> doc.status().isTerminal());

        Flux<ServerSentEvent<RequestStatusView>> events = states
                .filter(doc -> isNewer(doc, lastId.get()))
                .map(doc -> {
                    String id = eventId(doc);
                    RequestDocument previous = lastSent.getAndSet(doc);
                    lastId.set(id);
                    boolean statusEvent = previous == null || previous.status() != doc.status();
                    ServerSentEvent.Builder<RequestStatusView> event = ServerSentEvent.<RequestStatusView>builder()
                            .id(id)
                            .event(statusEvent ? "status" : "progress")
                            .data(RequestStatusView.of(doc));
                    if (previous == null) {
                        event.retry(props.retry());
                    }
                    return event.build();
                });

        return events.publish(shared -> Flux.merge(shared,
                Flux.interval(props.heartbeat())
                        .map(tick -> ServerSentEvent.<RequestStatusView>builder().comment("keep-alive").build())
                        .takeUntilOther(shared.count())));
    }

    /** {@code {status ordinal}.{images done + failed}}: grows with every visible change. */
    static String eventId(RequestDocument doc) {
        return doc.status().ordinal() + "." + (doc.imagesDone() + doc.imagesFailed());
    }

    /** Whether {@code doc} is a state the client has not seen, given the id of the last one it saw. */
    static boolean isNewer(RequestDocument doc, String lastSeenId) {
        if (lastSeenId == null) {
            return true;
        }
        long[] seen = parse(lastSeenId);
        if (seen == null) {
            return true;
        }
        int status = doc.status().ordinal();
        long tried = doc.imagesDone() + doc.imagesFailed();
        return status > seen[0] || (status == seen[0] && tried > seen[1]);
    }

    private static long[] parse(String id) {
        int dot = id.indexOf('.');
        try {
            return dot < 0 ? null : new long[]{Long.parseLong(id.substring(0, dot).trim()),
                    Long.parseLong(id.substring(dot + 1).trim())};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
