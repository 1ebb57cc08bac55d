package io.imageingest.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the service behaves when MongoDB is slow or unreachable. The driver's own defaults (30 s to
 * select a server, no read timeout) would hold every request for half a minute during an outage;
 * these make failures quick so that clients get a {@code 503} they can retry.
 *
 * @param serverSelectionTimeout how long an operation waits for a reachable server before failing
 *                               (ignored when {@code spring.mongodb.uri} sets {@code serverSelectionTimeoutMS})
 * @param connectTimeout TCP connect timeout to the database (ignored when the URI sets {@code connectTimeoutMS})
 * @param socketTimeout longest wait for one database reply (ignored when the URI sets {@code socketTimeoutMS});
 *                      generous because a clean-up of a large upload is one long delete
 * @param retryAfter the {@code Retry-After} sent with {@code 503} answers while the database is unavailable
 *                   or the service is shutting down
 * @param healthTimeout the {@code mongo} health check reports {@code DOWN} when a ping takes longer
 */
@ConfigurationProperties("app.database")
public record DatabaseProperties(
        @DefaultValue("5s") Duration serverSelectionTimeout,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("2m") Duration socketTimeout,
        @DefaultValue("10s") Duration retryAfter,
        @DefaultValue("3s") Duration healthTimeout) {
}
