package io.imageingest.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /}: the web page. The rest of it ({@code /index.html}, {@code /css/**}, {@code /js/**}) is served
 * from {@code classpath:/static/} by Spring's resource handling. Everything is revalidated on each use
 * ({@code no-cache} plus {@code Last-Modified}), so a new version of the service is picked up at once
 * while unchanged files cost a {@code 304}; the file names carry no version to make longer caching safe.
 */
@Configuration(proxyBeanMethods = false)
class WebPageRoutes {

    private static final Resource INDEX = new ClassPathResource("static/index.html");

    @Bean
    RouterFunction<ServerResponse> webPageRouter() {
        return RouterFunctions.route(
                RequestPredicates.path("/").and(RequestPredicates.methods(HttpMethod.GET, HttpMethod.HEAD)),
                request -> ServerResponse.ok()
                        .contentType(MediaType.TEXT_HTML)
                        .cacheControl(CacheControl.noCache())
                        .header("X-Content-Type-Options", "nosniff")
                        .body(BodyInserters.fromResource(INDEX)));
    }
}
