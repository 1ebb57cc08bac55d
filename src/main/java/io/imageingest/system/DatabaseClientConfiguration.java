package io.imageingest.system;

import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Driver timeouts from {@link DatabaseProperties} (unless the connection string sets them) and the
 * {@link ServiceAvailability} listener on the driver's view of the cluster. Applies to the embedded
 * server and to an external MongoDB alike.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseClientConfiguration {

    @Bean
    ServiceAvailability serviceAvailability() {
        return new ServiceAvailability();
    }

    @Bean
    MongoClientSettingsBuilderCustomizer databaseTimeouts(DatabaseProperties props, MongoConnectionDetails details,
                                                          ServiceAvailability availability) {
        return builder -> {
            ConnectionString uri = details.getConnectionString();
            builder.applyToClusterSettings(cluster -> {
                if (uri.getServerSelectionTimeout() == null) {
                    cluster.serverSelectionTimeout(props.serverSelectionTimeout().toMillis(), TimeUnit.MILLISECONDS);
                }
                cluster.addClusterListener(availability);
            });
            builder.applyToSocketSettings(socket -> {
                if (uri.getConnectTimeout() == null) {
                    socket.connectTimeout(props.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
                }
                if (uri.getSocketTimeout() == null) {
                    socket.readTimeout(props.socketTimeout().toMillis(), TimeUnit.MILLISECONDS);
                }
            });
        };
    }
}
