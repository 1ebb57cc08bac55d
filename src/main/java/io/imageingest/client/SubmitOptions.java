package io.imageingest.client;

/**
 * Options of an upload.
 *
 * @param webhookUrl absolute http(s) URL stored with the request, or null
 * @param idempotencyKey sent as the {@code Idempotency-Key} header, or null
 */
public record SubmitOptions(String webhookUrl, String idempotencyKey) {

    /** No webhook, no idempotency key. */
    public static final SubmitOptions NONE = new SubmitOptions(null, null);

    /** These options with another webhook URL. */
    public SubmitOptions withWebhookUrl(String url) {
        return new SubmitOptions(url, idempotencyKey);
    }

    /** These options with another idempotency key. */
    public SubmitOptions withIdempotencyKey(String key) {
        return new SubmitOptions(webhookUrl, key);
    }
}
