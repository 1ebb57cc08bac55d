package io.imageingest.request;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The list of recent requests ({@code GET /api/v1/requests}).
 *
 * @param defaultLimit requests listed when the caller gives no {@code limit}
 * @param maxLimit the largest {@code limit} accepted; the embedded server sorts by scanning, so keep it small
 */
@ConfigurationProperties("app.request-list")
public record RequestListProperties(@DefaultValue("20") int defaultLimit, @DefaultValue("100") int maxLimit) {

    public RequestListProperties {
        if (maxLimit < 1 || defaultLimit < 1 || defaultLimit > maxLimit) {
            throw new IllegalArgumentException("app.request-list: need 1 <= default-limit <= max-limit, got "
                    + defaultLimit + " and " + maxLimit);
        }
    }
}
