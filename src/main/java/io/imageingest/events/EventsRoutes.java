package io.imageingest.events;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** {@code GET /api/v1/requests/{id}/events}. */
@Configuration(proxyBeanMethods = false)
class EventsRoutes {

    @Bean
    RouterFunction<ServerResponse> eventsRouter(EventsHandler handler) {
        return RouterFunctions.route().GET("/api/v1/requests/{id}/events", handler::events).build();
    }
}
