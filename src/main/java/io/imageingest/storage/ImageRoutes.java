package io.imageingest.storage;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** {@code GET /images/{requestId}/{file}}. */
@Configuration(proxyBeanMethods = false)
class ImageRoutes {

    @Bean
    RouterFunction<ServerResponse> imageRouter(ImageHandler handler) {
        return RouterFunctions.route().GET("/images/{requestId}/{file}", handler::get).build();
    }
}
