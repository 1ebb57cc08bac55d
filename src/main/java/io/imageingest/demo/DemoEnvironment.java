package io.imageingest.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * With the {@code demo} profile, lets image downloads reach the service's own sample images and nothing
 * else new: {@code 127.0.0.1:{server.port}} is appended to {@code app.outbound.allow-list}. The outbound
 * guard is built before the server binds, so the port must be known up front: a {@code server.port} of
 * {@code 0} (any free port) is replaced here by a free port chosen now. Without the profile this does
 * nothing.
 */
public class DemoEnvironment implements EnvironmentPostProcessor, Ordered {

    static final String PROFILE = "demo";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.matchesProfiles(PROFILE)) {
            return;
        }
        int port = environment.getProperty("server.port", Integer.class, 8080);
        if (port == 0) {
            port = freeLoopbackPort();
        }
        String configured = environment.getProperty("app.outbound.allow-list", "").trim();
        String self = "127.0.0.1:" + port;
        environment.getPropertySources().addFirst(new MapPropertySource("demoProfile", Map.of(
                "server.port", port,
                "app.outbound.allow-list", configured.isEmpty() ? self : configured + "," + self)));
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("demo profile: no free port for server.port=0", e);
        }
    }

    @Override
    public int getOrder() {
        // after the configuration files and command line are read, so that it sees what they set
        return Ordered.LOWEST_PRECEDENCE;
    }
}
