package io.imageingest.product;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** {@code GET /api/v1/requests/{id}/products} and {@code GET /api/v1/requests/{id}/output.csv}. */
@Configuration(proxyBeanMethods = false)
class ProductRoutes {

    @Bean
    RouterFunction<ServerResponse> productRouter(ProductHandler handler) {
        return RouterFunctions.route()
                .GET("/api/v1/requests/{id}/products", handler::list)
                .GET("/api/v1/requests/{id}/output.csv", handler::outputCsv)
                .build();
    }
}
