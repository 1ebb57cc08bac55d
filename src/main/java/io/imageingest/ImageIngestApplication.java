package io.imageingest;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the image-ingest service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ImageIngestApplication {

    public static void main(String[] args) {
        SpringApplication.run(ImageIngestApplication.class, args);
    }
}
