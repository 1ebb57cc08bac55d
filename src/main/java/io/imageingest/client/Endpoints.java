package io.imageingest.client;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.web.util.UriComponentsBuilder;

/** Absolute URIs of the API under one base URL, and the {@code Link} header of paged answers. */
final class Endpoints {

    private static final Pattern LINK = Pattern.compile("<([^>]*)>((?:\\s*;\\s*[^;,]+)*)");
    private static final Pattern REL = Pattern.compile("rel\\s*=\\s*\"?([^\";]*)\"?", Pattern.CASE_INSENSITIVE);

    private final String base;

    /** @param baseUrl the service root, such as {@code http://localhost:8080} (a path prefix is kept) */
    Endpoints(String baseUrl) {
        URI uri = URI.create(baseUrl.trim());
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("baseUrl must be an absolute http(s) URL: " + baseUrl);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("baseUrl must not have a query or fragment: " + baseUrl);
        }
        String text = uri.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        this.base = text;
    }

    String base() {
        return base;
    }

    /** {@code POST /api/v1/requests}, with {@code webhookUrl} as a query parameter when given. */
    URI requests(String webhookUrl) {
        UriComponentsBuilder builder = UriComponentsBuilder.fromUriString(base + "/api/v1/requests");
        if (webhookUrl == null) {
            return builder.build(true).toUri();
        }
        return builder.queryParam("webhookUrl", "{webhookUrl}").encode()
                .buildAndExpand(Map.of("webhookUrl", webhookUrl)).toUri();
    }

    /** {@code /api/v1/requests/{id}} followed by {@code suffix} (such as {@code /events}). */
    URI request(String id, String suffix) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("request id must not be blank");
        }
        return UriComponentsBuilder.fromUriString(base + "/api/v1/requests/{id}" + suffix).encode()
                .buildAndExpand(Map.of("id", id)).toUri();
    }

    /** The first page of the product listing. */
    URI products(String id, int size) {
        return UriComponentsBuilder.fromUri(request(id, "/products")).queryParam("size", size)
                .queryParam("page", 0).build(true).toUri();
    }

    /**
     * The target of the {@code rel="next"} link among {@code linkHeaders}, or null. An absolute-path link
     * ({@code /api/v1/...}, as the server sends) is appended to the base URL so that a path prefix of the
     * base URL (a reverse proxy) is kept; any other relative link is resolved against {@code current}.
     */
    URI next(URI current, List<String> linkHeaders) {
        for (String header : linkHeaders) {
            Matcher link = LINK.matcher(header);
            while (link.find()) {
                Matcher rel = REL.matcher(link.group(2));
                if (rel.find() && List.of(rel.group(1).trim().toLowerCase().split("\\s+")).contains("next")) {
                    String target = link.group(1).trim();
                    if (target.startsWith("/") && !target.startsWith("//")) {
                        return URI.create(base + target);
                    }
                    return current.resolve(target);
                }
            }
        }
        return null;
    }
}
