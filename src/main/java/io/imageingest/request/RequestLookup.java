package io.imageingest.request;

import io.imageingest.system.ApiException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Finds a request for the API, or fails with a {@code 404} problem. */
@Component
public class RequestLookup {

    private final RequestRepository requests;

    RequestLookup(RequestRepository requests) {
        this.requests = requests;
    }

    /**
     * The request, if the caller may see it: with API keys in use, only the key that created a request
     * sees it, and to every other key it does not exist ({@code 404}, not {@code 403}).
     *
     * @param callerKeyId the caller's API key id, or null when keys are not in use
     */
    public Mono<RequestDocument> require(String id, String callerKeyId) {
        return requests.findById(id)
                .filter(r -> callerKeyId == null || callerKeyId.equals(r.apiKeyId()))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("No request with id " + id)));
    }
}
