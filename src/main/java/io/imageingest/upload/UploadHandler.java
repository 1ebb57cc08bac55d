package io.imageingest.upload;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.imageingest.request.RequestDocument;
import io.imageingest.security.ApiKeys;
import io.imageingest.system.ApiException;
import io.imageingest.system.ServiceAvailability;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FormPartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/v1/requests}: a multipart form with the CSV in part {@code file}, or a raw
 * {@code text/csv} body. Multipart parts are consumed as {@link PartEvent}s so the file streams
 * straight into the parser without being spooled to memory or disk.
 */
@Component
class UploadHandler {

    static final MediaType TEXT_CSV = MediaType.parseMediaType("text/csv");
    private static final MediaType APPLICATION_CSV = MediaType.parseMediaType("application/csv");

    private final UploadService uploads;
    private final ServiceAvailability availability;

    UploadHandler(UploadService uploads, ServiceAvailability availability) {
        this.uploads = uploads;
        this.availability = availability;
    }

    /** Refused with a {@code 503} before reading anything while shutting down or while the database is away. */
    Mono<ServerResponse> upload(ServerRequest request) {
        return availability.acceptingUploads().then(Mono.defer(() -> intake(request)));
    }

    private Mono<ServerResponse> intake(ServerRequest request) {
        MediaType type = request.headers().contentType().orElse(null);
        String webhookQuery = request.queryParam("webhookUrl").orElse(null);
        String idempotencyKey = idempotencyKey(request);
        if (type != null && MediaType.MULTIPART_FORM_DATA.isCompatibleWith(type)) {
            return multipart(request, webhookQuery, idempotencyKey);
        }
        if (type != null && (TEXT_CSV.isCompatibleWith(type) || APPLICATION_CSV.isCompatibleWith(type)
                || MediaType.TEXT_PLAIN.isCompatibleWith(type))) {
            String webhook = validWebhook(webhookQuery);
            AtomicReference<StagedUpload> staged = new AtomicReference<>();
            return uploads.stage(request.bodyToFlux(DataBuffer.class))
                    .doOnNext(staged::set)
                    .flatMap(upload -> uploads.commitOnce(upload, webhook, ApiKeys.callerOf(request), idempotencyKey))
                    .doOnCancel(() -> abandon(staged))
                    .flatMap(UploadHandler::accepted);
        }
        return request.bodyToFlux(DataBuffer.class).doOnNext(DataBufferUtils::release)
                .then(Mono.error(ApiException.unsupportedMediaType("send the CSV as multipart/form-data "
                        + "(part 'file') or as a text/csv body; got " + (type == null ? "no Content-Type" : type))));
    }

    private Mono<ServerResponse> multipart(ServerRequest request, String webhookQuery, String idempotencyKey) {
        AtomicReference<StagedUpload> staged = new AtomicReference<>();
        AtomicReference<String> webhook = new AtomicReference<>(webhookQuery);
        return request.bodyToFlux(PartEvent.class)
                .windowUntil(PartEvent::isLast)
                .concatMap(part -> part.switchOnFirst((signal, events) -> {
                    PartEvent first = signal.get();
                    if (first == null) {
                        return events.then();
                    }
                    if ("file".equals(first.name()) && staged.get() == null) {
                        return uploads.stage(events.map(PartEvent::content)).doOnNext(staged::set).then();
                    }
                    if ("webhookUrl".equals(first.name()) && first instanceof FormPartEvent form) {
                        webhook.set(form.value());
                    }
                    return events.doOnNext(event -> DataBufferUtils.release(event.content())).then();
                }))
                .then(Mono.defer(() -> {
                    StagedUpload upload = staged.get();
                    if (upload == null) {
                        return Mono.error(ApiException.badRequest("Missing file",
                                "the multipart form has no part named 'file' holding the CSV"));
                    }
                    return uploads.commitOnce(upload, validWebhook(webhook.get()), ApiKeys.callerOf(request),
                            idempotencyKey);
                }))
                .onErrorResume(e -> {
                    StagedUpload upload = staged.getAndSet(null);
                    Mono<Void> cleanup = upload == null ? Mono.empty() : uploads.discard(upload);
                    return cleanup.then(Mono.error(e));
                })
                .doOnCancel(() -> abandon(staged))
                .flatMap(UploadHandler::accepted);
    }

    /** Cancelled between staging and the answer: the clean-up keeps the upload only if it was committed. */
    private void abandon(AtomicReference<StagedUpload> staged) {
        StagedUpload upload = staged.get();
        if (upload != null) {
            uploads.abandon(upload);
        }
    }

    /** The optional {@code Idempotency-Key} header: 1 to 255 visible ASCII characters. */
    static String idempotencyKey(ServerRequest request) {
        String key = request.headers().firstHeader("Idempotency-Key");
        if (key == null) {
            return null;
        }
        String trimmed = key.trim();
        if (trimmed.isEmpty() || trimmed.length() > 255 || !trimmed.chars().allMatch(c -> c > 32 && c < 127)) {
            throw ApiException.badRequest("Invalid Idempotency-Key",
                    "Idempotency-Key must be 1 to 255 visible ASCII characters");
        }
        return trimmed;
    }

    /** {@code webhookUrl}, when given, must be an absolute http(s) URL. */
    static String validWebhook(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String url = value.trim();
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return url;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw ApiException.badRequest("Invalid webhookUrl", "webhookUrl must be an absolute http(s) URL: " + url);
    }

    private static Mono<ServerResponse> accepted(RequestDocument request) {
        String self = "/api/v1/requests/" + request.id();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", request.id());
        body.put("status", request.status());
        body.put("productCount", request.productCount());
        body.put("imageCount", request.imageCount());
        body.put("createdAt", request.createdAt());
        body.put("webhookUrl", request.webhookUrl());
        body.put("links", Map.of("self", self, "products", self + "/products", "events", self + "/events",
                "output", self + "/output.csv"));
        return ServerResponse.accepted().location(URI.create(self)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body);
    }
}
