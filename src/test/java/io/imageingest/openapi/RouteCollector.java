package io.imageingest.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * Walks {@link RouterFunction}s and records every route as {@code "METHOD /path/{var}"}, the way an
 * OpenAPI description names operations. Nested routers contribute their path prefix; static resource
 * lookups are skipped, and a router function it cannot see into is recorded as {@code UNKNOWN} so that
 * the comparison fails rather than missing a route.
 */
final class RouteCollector implements RouterFunctions.Visitor {

    private final Set<String> routes = new TreeSet<>();
    private final List<String> prefixes = new ArrayList<>();

    static Set<String> collect(Iterable<RouterFunction<?>> routers) {
        RouteCollector collector = new RouteCollector();
        routers.forEach(router -> router.accept(collector));
        return collector.routes;
    }

    @Override
    public void route(RequestPredicate predicate, HandlerFunction<?> handlerFunction) {
        PredicateParts parts = new PredicateParts();
        predicate.accept(parts);
        String path = String.join("", prefixes) + (parts.path == null ? "" : parts.path);
        Set<HttpMethod> methods = parts.methods.isEmpty() ? Set.of(HttpMethod.GET) : parts.methods;
        methods.forEach(m -> routes.add(m.name() + " " + path));
    }

    @Override
    public void startNested(RequestPredicate predicate) {
        PredicateParts parts = new PredicateParts();
        predicate.accept(parts);
        prefixes.add(parts.path == null ? "" : parts.path);
    }

    @Override
    public void endNested(RequestPredicate predicate) {
        prefixes.remove(prefixes.size() - 1);
    }

    /** Static files (a web page, its scripts) are not API operations and are left out of the description. */
    @Override
    public void resources(Function<ServerRequest, Mono<Resource>> lookupFunction) {
    }

    @Override
    public void attributes(java.util.Map<String, Object> attributes) {
    }

    @Override
    public void unknown(RouterFunction<?> routerFunction) {
        routes.add("UNKNOWN " + routerFunction);
    }

    /** The method and path parts of one route's predicate. */
    private static final class PredicateParts implements RequestPredicates.Visitor {

        final Set<HttpMethod> methods = new TreeSet<>(java.util.Comparator.comparing(HttpMethod::name));
        String path;

        @Override
        public void method(Set<HttpMethod> methods) {
            this.methods.addAll(methods);
        }

        @Override
        public void path(String pattern) {
            path = path == null ? pattern : path + pattern;
        }

        @Override
        public void pathExtension(String extension) {
        }

        @Override
        public void header(String name, String value) {
        }

        @Override
        public void queryParam(String name, String value) {
        }

        @Override
        public void version(String version) {
        }

        @Override
        public void startAnd() {
        }

        @Override
        public void and() {
        }

        @Override
        public void endAnd() {
        }

        @Override
        public void startOr() {
        }

        @Override
        public void or() {
        }

        @Override
        public void endOr() {
        }

        @Override
        public void startNegate() {
        }

        @Override
        public void endNegate() {
        }

        @Override
        public void unknown(RequestPredicate predicate) {
        }
    }
}
