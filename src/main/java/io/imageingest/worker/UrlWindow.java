package io.imageingest.worker;

import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The distinct input URLs of one request seen most recently, each with the outcome of its first
 * occurrence, so a URL that repeats inside a request is fetched and encoded once and its repeats reuse
 * that output. Bounded: the least recently seen URL is forgotten beyond {@code capacity}, after which a
 * repeat of it is processed again (correct, just not shared).
 */
final class UrlWindow {

    private final Map<String, Sinks.One<ImageOutcome>> outcomes;

    UrlWindow(int capacity) {
        int bound = Math.max(0, capacity);
        this.outcomes = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Sinks.One<ImageOutcome>> eldest) {
                return size() > bound;
            }
        };
    }

    /**
     * Registers an occurrence of the URL. The first occurrence gets a claim it must {@link Claim#complete};
     * a repeat gets the first one's outcome, possibly still being produced.
     */
    synchronized Claim claim(String url) {
        Sinks.One<ImageOutcome> sink = outcomes.get(url);
        if (sink != null) {
            return new Claim(null, sink.asMono());
        }
        sink = Sinks.one();
        outcomes.put(url, sink);
        return new Claim(sink, null);
    }

    /** Remembers the output of a URL processed in an earlier run of the request. */
    synchronized void remember(String url, ImageOutcome outcome) {
        Sinks.One<ImageOutcome> sink = Sinks.one();
        sink.tryEmitValue(outcome);
        outcomes.putIfAbsent(url, sink);
    }

    /**
     * One occurrence of a URL: either the first ({@code sink} set; repeats wait on it, so it is held here and
     * not looked up again, in case the window forgets the URL meanwhile) or a repeat ({@code earlier} set).
     */
    record Claim(Sinks.One<ImageOutcome> sink, Mono<ImageOutcome> earlier) {

        boolean first() {
            return sink != null;
        }

        void complete(ImageOutcome outcome) {
            sink.tryEmitValue(outcome);
        }

        /** This first occurrence will not be processed (shutdown): its repeats get no outcome either. */
        void abandon() {
            sink.tryEmitEmpty();
        }
    }
}
