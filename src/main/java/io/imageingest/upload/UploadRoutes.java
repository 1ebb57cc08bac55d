package io.imageingest.upload;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** {@code POST /api/v1/requests}. */
@Configuration(proxyBeanMethods = false)
class UploadRoutes {

    @Bean
    RouterFunction<ServerResponse> uploadRouter(UploadHandler handler) {
        return RouterFunctions.route().POST("/api/v1/requests", handler::upload).build();
    }
}
