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
 * @param dedupeWindow distinct input URLs per request remembered so that a repeated URL is fetched and
 *                     encoded once; a URL not seen among the last this many is processed again
 * @param repeatBacklog repeats of a URL waiting for its first occurrence's output, per request; beyond
 *                      it, new images wait too
 * @param saveBatch finished products written to MongoDB in one bulk update
 * @param saveInterval longest a finished product waits for its batch to fill
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
        @DefaultValue("100000") int dedupeWindow,
        @DefaultValue("1024") int repeatBacklog,
        @DefaultValue("100") int saveBatch,
        @DefaultValue("250ms") Duration saveInterval,
        @DefaultValue("30s") Duration shutdownGrace,
        @DefaultValue("10s") Duration outageBackoff) {
}
