package io.imageingest.demo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.imageingest.system.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The offline demo ({@code demo} profile only): bundled sample images at {@code /demo/images/{name}}, a CSV
 * pointing to them at {@code /demo/products.csv}, and {@code /demo/info} telling the web page that a sample
 * is there. The CSV's URLs use {@code 127.0.0.1} and the port the server actually bound, which
 * {@link DemoEnvironment} has allow-listed for downloads.
 */
@Configuration(proxyBeanMethods = false)
@Profile(DemoEnvironment.PROFILE)
class DemoRoutes {

    private static final Logger log = LoggerFactory.getLogger(DemoRoutes.class);

    /** Sample images, each with the content type it is served with. */
    static final Map<String, MediaType> IMAGES = Map.of(
            "mug.jpg", MediaType.IMAGE_JPEG,
            "lamp.jpg", MediaType.IMAGE_JPEG,
            "badge.png", MediaType.IMAGE_PNG,
            "bottle-exif6.jpg", MediaType.IMAGE_JPEG);

    private static final MediaType TEXT_CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");

    private volatile String base = "http://127.0.0.1:8080";

    @EventListener
    void onServerStarted(WebServerInitializedEvent event) {
        base = "http://127.0.0.1:" + event.getWebServer().getPort();
        log.info("Demo profile: sample CSV at {}/demo/products.csv; open http://localhost:{}/ and press "
                + "'Try the sample CSV'", base, event.getWebServer().getPort());
    }

    @Bean
    RouterFunction<ServerResponse> demoRouter() {
        return RouterFunctions.route()
                .GET("/demo/info", request -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                        .cacheControl(CacheControl.noStore())
                        .bodyValue(Map.of("sampleCsv", "/demo/products.csv", "images", IMAGES.size())))
                .GET("/demo/products.csv", request -> ServerResponse.ok().contentType(TEXT_CSV)
                        .cacheControl(CacheControl.noStore())
                        .bodyValue(sampleCsv()))
                .GET("/demo/images/{name}", this::image)
                .build();
    }

    /** Three products, four images: a JPEG, a PNG, a JPEG with EXIF orientation 6, one used twice. */
    String sampleCsv() {
        List<String> rows = List.of(
                "S. No.,Product Name,Input Image Urls",
                "1,Red mug,\"" + url("mug.jpg") + "," + url("badge.png") + "\"",
                "2,Desk lamp," + url("lamp.jpg"),
                "3,Green bottle,\"" + url("bottle-exif6.jpg") + "," + url("mug.jpg") + "\"");
        return String.join("\r\n", rows) + "\r\n";
    }

    private String url(String name) {
        return base + "/demo/images/" + name;
    }

    private Mono<ServerResponse> image(ServerRequest request) {
        String name = request.pathVariable("name");
        MediaType type = IMAGES.get(name);  // a fixed set: no path from the request reaches the class path
        if (type == null) {
            return Mono.error(ApiException.notFound("No demo image " + name));
        }
        Resource resource = new ClassPathResource("demo/images/" + name);
        return ServerResponse.ok().contentType(type)
                .cacheControl(CacheControl.maxAge(Duration.ofHours(1)))
                .body(BodyInserters.fromResource(resource));
    }
}
