package io.imageingest.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import reactor.core.publisher.Mono;

/** Turns an error response into the matching {@link ImageIngestException}. */
final class Problems {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT =
            new ParameterizedTypeReference<>() {
            };
    private static final Set<String> STANDARD = Set.of("type", "title", "status", "detail", "instance");

    private Problems() {
    }

    /** Reads the body of an error response (problem+json, other JSON or text) into an exception. */
    static Mono<ImageIngestException> read(ClientResponse response) {
        int status = response.statusCode().value();
        MediaType type = response.headers().contentType().orElse(null);
        boolean json = type != null && (type.isCompatibleWith(MediaType.APPLICATION_JSON)
                || (type.getSubtype() != null && type.getSubtype().endsWith("+json")));
        Mono<Map<String, Object>> body = json
                ? response.bodyToMono(JSON_OBJECT)
                : response.bodyToMono(String.class).map(text -> Map.<String, Object>of("detail", text.strip()));
        return body
                .onErrorResume(e -> Mono.just(Map.of("detail", "unreadable error body: " + e.getMessage())))
                .defaultIfEmpty(Map.of())
                .map(problem -> of(status, problem));
    }

    /** The exception for {@code status} and a problem body given as a map. */
    static ImageIngestException of(int status, Map<String, Object> problem) {
        String type = text(problem.get("type"));
        String title = text(problem.get("title"));
        String detail = text(problem.get("detail"));
        String instance = text(problem.get("instance"));
        Map<String, Object> properties = new LinkedHashMap<>();
        problem.forEach((name, value) -> {
            // the server may add an extension member named "status" (the request's status, a string),
            // which then replaces the numeric one in the parsed body: keep it as an extension
            if (!STANDARD.contains(name) || ("status".equals(name) && !(value instanceof Number))) {
                properties.put(name, value);
            }
        });
        return switch (status) {
            case 400 -> "Invalid CSV".equalsIgnoreCase(title) || properties.containsKey("errors")
                    ? new InvalidCsvException(status, type, title, detail, instance, properties)
                    : new ImageIngestException(status, type, title, detail, instance, properties);
            case 401 -> new UnauthorizedException(status, type, title, detail, instance, properties);
            case 404 -> new NotFoundException(status, type, title, detail, instance, properties);
            case 409 -> "Not ready".equalsIgnoreCase(title) || (instance != null && instance.endsWith("/output.csv"))
                    ? new NotReadyException(status, type, title, detail, instance, properties)
                    : new ConflictException(status, type, title, detail, instance, properties);
            case 413 -> new PayloadTooLargeException(status, type, title, detail, instance, properties);
            case 415 -> new UnsupportedMediaTypeException(status, type, title, detail, instance, properties);
            default -> new ImageIngestException(status, type, title, detail, instance, properties);
        };
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
