package io.imageingest.events;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Server-sent events.
 *
 * @param pollInterval how often watched requests are re-read from MongoDB; at most one event per
 *                     stream per interval, so this also caps progress events (4 per second by default)
 * @param heartbeat interval of the comment line that keeps proxies from closing an idle stream
 * @param retry reconnection delay suggested to clients ({@code retry:} field)
 * @param batchSize request ids per {@code _id $in} query of one poll
 */
@ConfigurationProperties("app.events")
public record EventsProperties(
        @DefaultValue("250ms") Duration pollInterval,
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("3s") Duration retry,
        @DefaultValue("500") int batchSize) {
}
