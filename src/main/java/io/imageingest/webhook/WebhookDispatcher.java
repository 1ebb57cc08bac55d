package io.imageingest.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

import io.imageingest.outbound.BlockedAddressException;
import io.imageingest.outbound.NumericHosts;
import io.imageingest.request.RequestDocument;
import io.imageingest.request.RequestStatus;
import io.imageingest.request.RequestStatusView;
import io.imageingest.request.WebhookDelivery;
import io.imageingest.system.DatabaseMode;
import io.imageingest.system.LogContext;
import io.imageingest.system.Polling;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers due webhooks: claims one at a time from MongoDB (so a restart, or another instance, picks
 * up where a stopped one left off), POSTs the signed event without following redirects, and records
 * the outcome: {@code 2xx} delivered, {@code 410} gone for good, anything else retried with
 * exponential backoff and jitter until {@code maxAttempts} or {@code maxAge}.
 */
class WebhookDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final WebhookRepository repository;
    private final WebClient client;
    private final WebhookSigner signer;
    private final WebhookProperties props;
    private final JsonMapper json;
    private final Clock clock;
    private final DatabaseMode mode;
    private final MeterRegistry meters;
    private volatile Disposable loop;

    WebhookDispatcher(WebhookRepository repository, WebClient client, WebhookSigner signer, WebhookProperties props,
                      JsonMapper json, Clock clock, DatabaseMode mode, MeterRegistry meters) {
        this.mode = mode;
        this.meters = meters;
        this.repository = repository;
        this.client = client;
        this.signer = signer;
        this.props = props;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void start() {
        if (signer == null) {
            log.warn("Webhooks: app.webhook.secret is not set; webhooks are sent without webhook-signature");
        }
        if (mode.exclusive()) {
            repository.releaseAbandoned().block(Duration.ofSeconds(30));
        }
        loop = Polling.every(props.pollInterval(), () -> Polling.drain(() -> repository.claimDue(props.lease()),
                request -> LogContext.withRequestId(request.id(), () -> attempt(request)),
                e -> log.warn("Webhook delivery paused: {}", e.toString()))).subscribe();
    }

    @Override
    public void stop() {
        Disposable current = loop;
        if (current != null) {
            current.dispose();
        }
        loop = null;
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }

    /** One attempt: send, then record the outcome. */
    Mono<Void> attempt(RequestDocument request) {
        WebhookDelivery delivery = request.webhook();
        int attempts = delivery.attempts() + 1;
        byte[] body = body(request);
        long timestamp = clock.instant().getEpochSecond();
        return client.post().uri(NumericHosts.normalise(java.net.URI.create(request.webhookUrl())))
                .contentType(MediaType.APPLICATION_JSON)
                .headers(h -> {
                    h.set("webhook-id", delivery.id());
                    h.set("webhook-timestamp", Long.toString(timestamp));
                    if (signer != null) {
                        h.set("webhook-signature", signer.sign(delivery.id(), timestamp, body));
                    }
                })
                .bodyValue(body)
                .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
                .timeout(props.timeout())
                .map(status -> outcome(request, attempts, status, status >= 200 && status < 300 ? null
                        : "receiver answered HTTP " + status))
                .onErrorResume(e -> Mono.just(blocked(e) != null
                        ? new Outcome("FAILED", null, null, blocked(e).getMessage())
                        : outcome(request, attempts, null, describe(e))))
                .doOnNext(o -> meters.counter("imageingest.webhook.deliveries", "outcome",
                        o.state().toLowerCase(java.util.Locale.ROOT)).increment())
                .flatMap(o -> repository.record(request.id(), o.state(), attempts, o.next(), o.status(), o.error()));
    }

    private Outcome outcome(RequestDocument request, int attempts, Integer status, String error) {
        WebhookDelivery delivery = request.webhook();
        if (status != null && status >= 200 && status < 300) {
            log.info("Webhook {} of request {} delivered (HTTP {}, attempt {})", delivery.id(), request.id(), status,
                    attempts);
            return new Outcome("DELIVERED", null, status, null);
        }
        if (status != null && status == 410) {
            log.info("Webhook {} of request {}: receiver answered 410 Gone; no more attempts", delivery.id(),
                    request.id());
            return new Outcome("GONE", null, status, error);
        }
        Instant now = clock.instant();
        Instant next = now.plus(backoff(attempts));
        Instant started = delivery.firstAttemptAt() != null ? delivery.firstAttemptAt() : now;
        if (attempts >= props.maxAttempts() || next.isAfter(started.plus(props.maxAge()))) {
            log.warn("Webhook {} of request {} failed for good after {} attempts: {}", delivery.id(), request.id(),
                    attempts, error);
            return new Outcome("FAILED", null, status, error);
        }
        log.info("Webhook {} of request {} attempt {} failed ({}); next at {}", delivery.id(), request.id(), attempts,
                error, next);
        return new Outcome("PENDING", next, status, error);
    }

    /** {@code initialBackoff * 2^(attempts-1)}, capped, with ±25% jitter so receivers are not hit in waves. */
    Duration backoff(int attempts) {
        long base = props.initialBackoff().toMillis();
        long capped = Math.min(props.maxBackoff().toMillis(), base << Math.min(30, Math.max(0, attempts - 1)));
        double jitter = 0.75 + ThreadLocalRandom.current().nextDouble() * 0.5;
        return Duration.ofMillis(Math.max(1, (long) (capped * jitter)));
    }

    private byte[] body(RequestDocument request) {
        String type = request.status() == RequestStatus.COMPLETED ? "request.completed" : "request.failed";
        Instant ended = request.finishedAt() != null ? request.finishedAt() : request.updatedAt();
        return json.writeValueAsBytes(new WebhookPayload(type, ended, RequestStatusView.of(request).withoutWebhook()));
    }

    /** A refusal by the outbound guard is permanent: retrying cannot make the address public. */
    private static BlockedAddressException blocked(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BlockedAddressException b) {
                return b;
            }
        }
        return null;
    }

    private static String describe(Throwable e) {
        if (e instanceof TimeoutException) {
            return "no answer within the attempt timeout";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    private record Outcome(String state, Instant next, Integer status, String error) {
    }
}
