package io.imageingest.system;

import com.mongodb.ConnectionString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** With an external MongoDB ({@code spring.mongodb.uri} set) its write concern is the durability barrier. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("spring.mongodb.uri")
class DurabilityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DurabilityConfiguration.class);

    @Bean
    DatabaseMode externalDatabaseMode() {
        return new DatabaseMode(false);
    }

    @Bean
    DurabilityBarrier durabilityBarrier(@Value("${spring.mongodb.uri}") String uri) {
        ConnectionString cs = new ConnectionString(uri);
        log.info("MongoDB: external server(s) {} database {}", cs.getHosts(), cs.getDatabase());
        return DurabilityBarrier.NONE;
    }
}
