package io.imageingest.fetch;

import java.util.List;

import io.imageingest.outbound.AddressPolicy;
import io.imageingest.outbound.OutboundGuard;
import io.imageingest.outbound.OutboundProperties;
import io.netty.channel.ChannelOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** The non-blocking HTTP client used for image downloads, with its own pool and timeouts. */
@Configuration(proxyBeanMethods = false)
class FetchConfiguration {

    private static final Logger log = LoggerFactory.getLogger(FetchConfiguration.class);

    @Bean(destroyMethod = "dispose")
    ConnectionProvider imageConnectionProvider(FetchProperties props) {
        return ConnectionProvider.builder("image-fetch")
                .maxConnections(Math.max(16, props.concurrency() * 4))
                .pendingAcquireMaxCount(-1)
                .build();
    }

    @Bean
    AddressPolicy outboundPolicy(OutboundProperties outbound) {
        AddressPolicy policy = outbound.policy();
        List<String> allowed = policy.describe();
        log.info("Outbound guard: public addresses only{}", allowed.isEmpty() ? ""
                : ", plus app.outbound.allow-list " + allowed);
        return policy;
    }

    @Bean
    ImageFetcher imageFetcher(WebClient.Builder builder, ConnectionProvider imageConnectionProvider,
                              FetchProperties props, AddressPolicy outboundPolicy) {
        HttpClient http = HttpClient.create(imageConnectionProvider)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) props.connectTimeout().toMillis())
                .responseTimeout(props.readTimeout())
                .followRedirect(false)
                .compress(false);
        // last, so that nothing configured after it can replace the guarding resolver
        http = OutboundGuard.guard(http, outboundPolicy);
        WebClient client = builder.clone()
                .clientConnector(new ReactorClientHttpConnector(http))
                .codecs(c -> c.defaultCodecs().maxInMemorySize((int) Math.min(Integer.MAX_VALUE,
                        props.maxBytes().toBytes())))
                .build();
        return new ImageFetcher(client, props);
    }
}
