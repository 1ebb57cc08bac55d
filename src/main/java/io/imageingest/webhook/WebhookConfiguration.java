package io.imageingest.webhook;

import java.time.Clock;

import io.imageingest.outbound.AddressPolicy;
import io.imageingest.outbound.OutboundGuard;
import io.imageingest.system.DatabaseMode;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

/** The webhook client (no redirects, its own timeouts) and dispatcher. */
@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

    @Bean
    WebhookDispatcher webhookDispatcher(WebhookRepository repository, WebClient.Builder builder,
                                        WebhookProperties props, JsonMapper json, Clock clock, DatabaseMode mode,
                                        AddressPolicy outboundPolicy, MeterRegistry meters) {
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        props.timeout().toMillis()))
                .responseTimeout(props.timeout())
                .followRedirect(false);
        http = OutboundGuard.guard(http, outboundPolicy);
        WebClient client = builder.clone().clientConnector(new ReactorClientHttpConnector(http)).build();
        return new WebhookDispatcher(repository, client, WebhookSigner.of(props.secret()), props, json, clock, mode,
                meters);
    }
}
