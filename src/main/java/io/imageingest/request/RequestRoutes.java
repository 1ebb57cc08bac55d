package io.imageingest.request;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** {@code GET /api/v1/requests/{id}} and {@code GET /api/v1/requests}. */
@Configuration(proxyBeanMethods = false)
class RequestRoutes {

    @Bean
    RouterFunction<ServerResponse> requestRouter(RequestHandler handler) {
        return RouterFunctions.route()
                .GET("/api/v1/requests/{id}", handler::status)
                .GET("/api/v1/requests", handler::list)
                .build();
    }
}
