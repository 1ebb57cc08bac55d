package io.imageingest.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Output images as files under {@code {app.data-dir}/images}. File calls block, so they run on the
 * given scheduler, never on the event loop. Writes go to a temporary file that is then atomically
 * renamed, so a crash never leaves a truncated image under a real key.
 */
final class FilesystemImageStore implements ImageStore {

    private static final int READ_BUFFER = 64 * 1024;

    private static final byte[] PROBE = "probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Path root;
    private final Scheduler io;

    FilesystemImageStore(Path root, Scheduler io) {
        this.root = root.toAbsolutePath().normalize();
        this.io = io;
    }

    @Override
    public Mono<Boolean> exists(String key) {
        return Mono.fromCallable(() -> Files.isRegularFile(resolve(key))).subscribeOn(io);
    }

    @Override
    public Mono<Void> put(String key, byte[] jpeg) {
        return Mono.fromRunnable(() -> write(resolve(key), jpeg)).subscribeOn(io).then();
    }

    @Override
    public Mono<StoredImage> get(String key) {
        if (!ImageKeys.isValid(key)) {
            return Mono.empty();
        }
        return Mono.fromCallable(() -> read(resolve(key))).subscribeOn(io);
    }

    /** Writes, reads back and deletes a small file in the store's directory, and reports the free space. */
    @Override
    public Mono<Map<String, Object>> probe() {
        return Mono.fromCallable(() -> {
            Files.createDirectories(root);
            Path probe = Files.createTempFile(root, ".health-", ".tmp");
            try {
                Files.write(probe, PROBE);
                if (!Arrays.equals(Files.readAllBytes(probe), PROBE)) {
                    throw new IOException("read back different bytes from " + probe);
                }
            } finally {
                Files.deleteIfExists(probe);
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("type", "filesystem");
            details.put("path", root.toString());
            details.put("freeBytes", Files.getFileStore(root).getUsableSpace());
            return details;
        }).subscribeOn(io);
    }

    private StoredImage read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        long size = attrs.size();
        long modified = attrs.lastModifiedTime().toMillis();
        String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(modified) + "\"";
        // read with an asynchronous file channel when the body is written, never on the event loop
        var content = DataBufferUtils.read(file, DefaultDataBufferFactory.sharedInstance, READ_BUFFER);
        return new StoredImage(content, size, attrs.lastModifiedTime().toInstant(), etag);
    }

    private Path resolve(String key) {
        return root.resolve(ImageKeys.require(key));
    }

    private static void write(Path target, byte[] bytes) {
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".part-", ".tmp");
            try {
                Files.write(tmp, bytes);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + target, e);
        }
    }
}
