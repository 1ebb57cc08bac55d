package io.imageingest.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An independent Standard Webhooks verifier, written from the specification with plain
 * {@code javax.crypto}, to check the service's signatures.
 */
public final class StandardWebhooks {

    private StandardWebhooks() {
    }

    /** True when {@code signatureHeader} holds a {@code v1,} signature of {@code id.timestamp.body}. */
    public static boolean verify(String secret, String id, String timestamp, byte[] body, String signatureHeader)
            throws Exception {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        byte[] expected = mac.doFinal(signed);
        for (String candidate : signatureHeader.split(" ")) {
            if (candidate.startsWith("v1,")
                    && MessageDigest.isEqual(expected, Base64.getDecoder().decode(candidate.substring(3)))) {
                return true;
            }
        }
        return false;
    }
}
