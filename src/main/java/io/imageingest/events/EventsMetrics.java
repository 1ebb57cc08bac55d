package io.imageingest.events;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/** The gauge {@code imageingest.events.streams}: event streams open on this instance. */
@Component
class EventsMetrics {

    private final AtomicInteger open = new AtomicInteger();

    EventsMetrics(MeterRegistry meters) {
        Gauge.builder("imageingest.events.streams", open, AtomicInteger::get)
                .description("Server-sent event streams open on this instance").register(meters);
    }

    /** Counts {@code stream} as open from subscription until it ends or the client goes away. */
    <T> Flux<T> counted(Flux<T> stream) {
        return Flux.defer(() -> {
            open.incrementAndGet();
            return stream.doFinally(signal -> open.decrementAndGet());
        });
    }
}
