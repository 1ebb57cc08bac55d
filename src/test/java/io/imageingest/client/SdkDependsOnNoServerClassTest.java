package io.imageingest.client;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SDK must be shippable on its own: no source, bytecode or runtime reference to any server class
 * ({@code io.imageingest.*} outside {@code io.imageingest.client}).
 */
class SdkDependsOnNoServerClassTest {

    static final Path SOURCES = Path.of("src/main/java/io/imageingest/client");
    static final Pattern SERVER_NAME = Pattern.compile("io\\.imageingest\\.(?!client\\b)[A-Za-z_*]");
    static final Pattern SERVER_INTERNAL_NAME = Pattern.compile("io/imageingest/(?!client/)");

    @Test
    void sourcesNeitherImportNorNameServerPackages() throws IOException {
        List<String> offences = new ArrayList<>();
        List<Path> files = javaFiles(SOURCES, ".java");
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("ImageIngestClient.java");
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                Matcher m = SERVER_NAME.matcher(line.replaceAll("\\s+", ""));
                if (m.find() || (line.trim().startsWith("import ") && line.contains("io.imageingest.")
                        && !line.contains("io.imageingest.client."))) {
                    offences.add(file.getFileName() + ":" + (i + 1) + ": " + line.trim());
                }
                if (line.trim().startsWith("package ")) {
                    assertThat(line.trim()).as(file.toString()).isEqualTo("package io.imageingest.client;");
                }
            }
        }
        assertThat(offences).as("references to server packages").isEmpty();
    }

    @Test
    void compiledClassesReferenceNoServerClass() throws IOException {
        List<Path> classes = javaFiles(classesDir(), ".class");
        assertThat(classes).isNotEmpty();
        List<String> offences = new ArrayList<>();
        for (Path file : classes) {
            String constantPool = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            Matcher m = SERVER_INTERNAL_NAME.matcher(constantPool);
            if (m.find()) {
                int end = Math.min(constantPool.length(), m.start() + 60);
                offences.add(file.getFileName() + ": " + constantPool.substring(m.start(), end).split("[^\\w/$;]")[0]);
            }
        }
        assertThat(offences).as("server classes named in SDK bytecode").isEmpty();
    }

    @Test
    void loadsAndWorksWithServerPackagesHidden() throws Exception {
        Path dir = classesDir();
        ClassLoader loader = new HidingClassLoader(dir, getClass().getClassLoader());
        for (Path file : javaFiles(dir, ".class")) {
            String name = "io.imageingest.client." + file.getFileName().toString().replace(".class", "");
            Class<?> type = Class.forName(name, true, loader);
            assertThat(type.getClassLoader()).isSameAs(loader);
            type.getDeclaredMethods();
            type.getDeclaredFields();
            type.getDeclaredConstructors();
        }

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.createContext("/", exchange -> {
            boolean known = exchange.getRequestURI().getPath().endsWith("/known");
            byte[] body = (known ? StubExchange.status("COMPLETED", 2, ",\"extra\":1")
                    : "{\"title\":\"Not found\",\"status\":404,\"detail\":\"no such request\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", known ? "application/json" : "application/problem+json");
            exchange.sendResponseHeaders(known ? 200 : 404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            Class<?> clientType = loader.loadClass("io.imageingest.client.ImageIngestClient");
            Object client = clientType.getMethod("create", String.class)
                    .invoke(null, "http://127.0.0.1:" + server.getAddress().getPort());
            Object status = ((Mono<?>) clientType.getMethod("status", String.class).invoke(client, "known")).block();
            assertThat(status.getClass().getClassLoader()).isSameAs(loader);
            assertThat(status.toString()).contains("COMPLETED");
            Mono<?> missing = (Mono<?>) clientType.getMethod("status", String.class).invoke(client, "missing");
            assertThatThrownBy(missing::block)
                    .satisfies(e -> assertThat(e.getClass().getName())
                            .isEqualTo("io.imageingest.client.NotFoundException"))
                    .hasMessageContaining("no such request");
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        } finally {
            server.stop(0);
        }
    }

    private static Path classesDir() throws IOException {
        try {
            Path root = Path.of(ImageIngestClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return root.resolve("io/imageingest/client");
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
    }

    private static List<Path> javaFiles(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    /** Defines the SDK's classes itself from the compiled output and refuses every other io.imageingest class. */
    static final class HidingClassLoader extends ClassLoader {

        private static final String SDK_PACKAGE = "io.imageingest.client.";

        private final Path dir;

        HidingClassLoader(Path dir, ClassLoader parent) {
            super("sdk-only", parent);
            this.dir = dir;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("io.imageingest.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded != null) {
                    return loaded;
                }
                if (!name.startsWith(SDK_PACKAGE) || name.indexOf('.', SDK_PACKAGE.length()) >= 0) {
                    throw new ClassNotFoundException("hidden from the SDK: " + name);
                }
                Path file = dir.resolve(name.substring(SDK_PACKAGE.length()) + ".class");
                if (!Files.exists(file)) {
                    throw new ClassNotFoundException("not an SDK class: " + name);
                }
                try (InputStream in = Files.newInputStream(file)) {
                    byte[] bytes = in.readAllBytes();
                    Class<?> defined = defineClass(name, bytes, 0, bytes.length);
                    if (resolve) {
                        resolveClass(defined);
                    }
                    return defined;
                } catch (IOException e) {
                    throw new ClassNotFoundException(name, e);
                }
            }
        }
    }
}
