package io.imageingest.worker;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How requests are claimed and processed.
 *
 * @param concurrentRequests requests processed at once by this instance
 * @param pollInterval how often idle workers look for work (new uploads on this instance wake them at once)
 * @param lease how long a claim lasts without renewal; an expired claim is taken over
 * @param heartbeat how often progress counters are written and the lease renewed
 * @param maxReportedFailures image failures listed in the status body
 * @param shutdownGrace on shutdown, how long images in flight may take to finish before they are cancelled;
 *                      keep {@code spring.lifecycle.timeout-per-shutdown-phase} a few seconds longer
 * @param outageBackoff longest wait between attempts to resume a request whose processing stopped because
 *                      the database was unavailable
 */
@ConfigurationProperties("app.worker")
public record WorkerProperties(
        @DefaultValue("2") int concurrentRequests,
        @DefaultValue("2s") Duration pollInterval,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("1s") Duration heartbeat,
        @DefaultValue("1000") int maxReportedFailures,
        @DefaultValue("30s") Duration shutdownGrace,
        @DefaultValue("10s") Duration outageBackoff) {
}
