package io.imageingest.fetch;

import io.netty.channel.ChannelOption;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** The non-blocking HTTP client used for image downloads, with its own pool and timeouts. */
@Configuration(proxyBeanMethods = false)
class FetchConfiguration {

    @Bean(destroyMethod = "dispose")
    ConnectionProvider imageConnectionProvider(FetchProperties props) {
        return ConnectionProvider.builder("image-fetch")
                .maxConnections(Math.max(16, props.concurrency() * 4))
                .pendingAcquireMaxCount(-1)
                .build();
    }

    @Bean
    ImageFetcher imageFetcher(WebClient.Builder builder, ConnectionProvider imageConnectionProvider,
                              FetchProperties props) {
        HttpClient http = HttpClient.create(imageConnectionProvider)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) props.connectTimeout().toMillis())
                .responseTimeout(props.readTimeout())
                .followRedirect(false)
                .compress(false);
        WebClient client = builder.clone()
                .clientConnector(new ReactorClientHttpConnector(http))
                .codecs(c -> c.defaultCodecs().maxInMemorySize((int) Math.min(Integer.MAX_VALUE,
                        props.maxBytes().toBytes())))
                .build();
        return new ImageFetcher(client, props);
    }
}
