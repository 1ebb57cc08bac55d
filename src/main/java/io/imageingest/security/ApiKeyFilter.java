package io.imageingest.security;

import io.imageingest.system.ApiException;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * When API keys are configured, every {@code /api/**} call needs {@code Authorization: Bearer <key>};
 * otherwise {@code 401} problem. Output images under {@code /images/**} stay reachable by their
 * unguessable URLs.
 */
@Component
class ApiKeyFilter implements WebFilter, Ordered {

    private static final String BEARER = "Bearer ";

    private final ApiKeys keys;

    ApiKeyFilter(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!keys.enabled() || !exchange.getRequest().getPath().value().startsWith("/api/")) {
            return chain.filter(exchange);
        }
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        String keyId = null;
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            keyId = keys.authenticate(header.substring(BEARER.length()).trim());
        }
        if (keyId == null) {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            return Mono.error(new ApiException(HttpStatus.UNAUTHORIZED, "Unauthorized", header == null
                    ? "this API needs 'Authorization: Bearer <api key>'"
                    : "the API key is not valid"));
        }
        exchange.getAttributes().put(ApiKeys.KEY_ID_ATTRIBUTE, keyId);
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
