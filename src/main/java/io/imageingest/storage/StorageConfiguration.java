package io.imageingest.storage;

import io.imageingest.system.AppProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Schedulers;

/** The filesystem store under the data directory. */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StorageConfiguration.class);

    @Bean
    ImageStore imageStore(AppProperties app) {
        var root = app.dataDir().resolve("images");
        log.info("Output images: filesystem store in {}", root.toAbsolutePath().normalize());
        return new FilesystemImageStore(root, Schedulers.boundedElastic());
    }
}
