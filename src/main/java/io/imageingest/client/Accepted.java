package io.imageingest.client;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The answer to an accepted upload ({@code 202}): the request is stored and will be processed.
 *
 * @param requestId the id to follow the request with
 * @param status the status at acceptance, normally {@link Status#PENDING}
 * @param productCount products read from the CSV
 * @param imageCount image URLs read from the CSV
 * @param createdAt when the request was stored
 * @param webhookUrl the webhook URL stored with the request, or null
 * @param links relative API paths: {@code self}, {@code products}, {@code events}, {@code output}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Accepted(String requestId, Status status, long productCount, long imageCount, Instant createdAt,
                       String webhookUrl, Map<String, String> links) {

    /** Makes {@code links} an unmodifiable, never-null map. */
    public Accepted {
        links = Lists.copy(links);
    }
}
