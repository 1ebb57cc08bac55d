package io.imageingest.system;

import java.util.function.Supplier;

import io.micrometer.context.ContextRegistry;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Carries the id of the request being worked on into log lines as the MDC key {@value #REQUEST_ID}.
 * Reactor work hops between threads, so a thread-local MDC alone would be lost; instead the id lives in
 * the Reactor {@link Context} and, with automatic context propagation
 * ({@code spring.reactor.context-propagation=auto}), is restored into the MDC of whatever thread
 * delivers a signal (worker, download, compression, webhook). The MDC accessor is registered when this
 * class loads, that is before the first request id is put into a context.
 */
public final class LogContext {

    /** The MDC key and Reactor context key of the request id. */
    public static final String REQUEST_ID = "requestId";

    static {
        ContextRegistry.getInstance().registerThreadLocalAccessor(REQUEST_ID,
                () -> MDC.get(REQUEST_ID), value -> MDC.put(REQUEST_ID, value), () -> MDC.remove(REQUEST_ID));
    }

    private LogContext() {
    }

    /**
     * Assembles {@code work} with the id in the MDC (so log lines written while building it carry the
     * id too) and runs it with the id in its Reactor context.
     */
    public static <T> Mono<T> withRequestId(String requestId, Supplier<Mono<T>> work) {
        return Mono.defer(() -> {
            try (MDC.MDCCloseable ignored = MDC.putCloseable(REQUEST_ID, requestId)) {
                return work.get();
            }
        }).contextWrite(Context.of(REQUEST_ID, requestId));
    }
}
