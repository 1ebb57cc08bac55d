package io.imageingest.webhook;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook delivery.
 *
 * @param secret {@code whsec_<base64>} signing secret (Standard Webhooks); without it webhooks are sent unsigned
 * @param timeout deadline of one delivery attempt
 * @param initialBackoff delay before the first retry, doubled on each retry, with ±25% jitter
 * @param maxBackoff longest delay between attempts
 * @param maxAttempts attempts before giving up
 * @param maxAge no new attempt once this long has passed since the request ended
 * @param pollInterval how often due deliveries are looked for
 * @param lease how long one attempt owns a delivery; a crashed attempt is retried after it
 */
@ConfigurationProperties("app.webhook")
public record WebhookProperties(
        @DefaultValue("") String secret,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("5s") Duration initialBackoff,
        @DefaultValue("1h") Duration maxBackoff,
        @DefaultValue("15") int maxAttempts,
        @DefaultValue("24h") Duration maxAge,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("60s") Duration lease) {
}
