package io.imageingest.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">} with the
 * base64-decoded part of a {@code whsec_} secret as key.
 */
final class WebhookSigner {

    private static final String PREFIX = "whsec_";

    private final byte[] key;

    private WebhookSigner(byte[] key) {
        this.key = key;
    }

    /** A signer, or null when no secret is configured. */
    static WebhookSigner of(String secret) {
        if (secret == null || secret.isBlank()) {
            return null;
        }
        String value = secret.trim();
        if (!value.startsWith(PREFIX)) {
            throw new IllegalArgumentException("app.webhook.secret must look like whsec_<base64>");
        }
        try {
            return new WebhookSigner(Base64.getDecoder().decode(value.substring(PREFIX.length())));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("app.webhook.secret: the part after whsec_ is not valid base64", e);
        }
    }

    String sign(String id, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
