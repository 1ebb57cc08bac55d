package io.imageingest.system;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The polling shapes the background loops share (workers, webhook dispatcher, event watcher). */
public final class Polling {

    private Polling() {
    }

    /**
     * Runs {@code task} every {@code interval}, one run at a time: a tick that comes while a run is still
     * going is dropped, so a slow database never piles up runs.
     */
    public static Flux<Object> every(Duration interval, Supplier<? extends Publisher<?>> task) {
        return Flux.interval(interval)
                .onBackpressureDrop()
                .concatMap(tick -> task.get(), 1);
    }

    /**
     * Claims and works items one after the other until a claim finds nothing. A failing claim ends this
     * drain (reported to {@code onClaimError}); the next tick tries again.
     */
    public static <T> Flux<Boolean> drain(Supplier<Mono<T>> claim, Function<T, Mono<?>> work,
                                          Consumer<Throwable> onClaimError) {
        return Mono.defer(claim)
                .flatMap(item -> work.apply(item).thenReturn(Boolean.TRUE))
                .defaultIfEmpty(Boolean.FALSE)
                .onErrorResume(e -> {
                    onClaimError.accept(e);
                    return Mono.just(Boolean.FALSE);
                })
                .repeat()
                .takeWhile(Boolean::booleanValue);
    }
}
