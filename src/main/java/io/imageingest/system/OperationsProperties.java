package io.imageingest.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Metrics, health and logs for operators.
 *
 * @param statusCountInterval how often the {@code imageingest.requests} gauge (requests per status) is
 *                            recounted; each recount is one {@code countDocuments} per status, which the
 *                            embedded server answers by scanning {@code requests}, so it is never done per scrape
 * @param progressLogInterval how often an INFO line with done/failed/total is logged for each request
 *                            being processed (also refreshes the {@code imageingest.worker.images.remaining} gauge)
 * @param workerStaleAfter the worker health is DOWN when a slot is idle and no poll for work happened for this long
 */
@ConfigurationProperties("app.operations")
public record OperationsProperties(
        @DefaultValue("30s") Duration statusCountInterval,
        @DefaultValue("30s") Duration progressLogInterval,
        @DefaultValue("2m") Duration workerStaleAfter) {
}
