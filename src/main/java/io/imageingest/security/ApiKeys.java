package io.imageingest.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * The configured API keys, kept only as SHA-256 digests. A caller is identified by a key id (the
 * first 16 hex digits of its key's digest), which is what requests record as their owner: the key
 * itself is never stored or logged.
 */
@Component
public class ApiKeys {

    /** Exchange attribute holding the caller's key id once authenticated. */
    public static final String KEY_ID_ATTRIBUTE = ApiKeys.class.getName() + ".keyId";

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

    private final List<byte[]> digests;

    ApiKeys(SecurityProperties props) {
        this.digests = props.apiKeys().stream().map(String::trim).filter(k -> !k.isEmpty())
                .map(ApiKeys::sha256).toList();
        if (digests.isEmpty()) {
            log.warn("API keys: none configured (app.security.api-keys); the API is open to anyone who can reach it");
        } else {
            log.info("API keys: {} configured; every /api/** call needs 'Authorization: Bearer <key>'",
                    digests.size());
        }
    }

    public boolean enabled() {
        return !digests.isEmpty();
    }

    /**
     * The key id of {@code presented}, or null when it matches no configured key. Every configured
     * key is compared, each in constant time over equal-length digests, so timing reveals nothing.
     */
    String authenticate(String presented) {
        byte[] digest = sha256(presented);
        boolean match = false;
        for (byte[] candidate : digests) {
            match |= MessageDigest.isEqual(candidate, digest);
        }
        return match ? keyId(digest) : null;
    }

    /** The caller's key id, or null when keys are not in use. */
    public static String callerOf(ServerRequest request) {
        return (String) request.attributes().get(KEY_ID_ATTRIBUTE);
    }

    private static String keyId(byte[] digest) {
        return HexFormat.of().formatHex(digest, 0, 8);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
