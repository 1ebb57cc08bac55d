package io.imageingest.image;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Single-thread throughput of both codec paths on a directory of JPEGs: megapixels per second
 * of decode + orient + encode (per CPU-second of the measuring thread, and per wall-clock second),
 * and total output bytes. A tool for people, not a test.
 *
 * <pre>
 * ./mvnw -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *      io.imageingest.image.CodecBenchmark /usr/share/backgrounds/mate [rounds] [quality]
 * </pre>
 */
public final class CodecBenchmark {

    /** CPU time of the measuring thread: meaningful even on a machine shared with other work. */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CodecBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "/usr/share/backgrounds/mate");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int quality = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        List<byte[]> inputs = jpegs(dir);
        if (inputs.isEmpty()) {
            System.err.println("no JPEGs under " + dir);
            System.exit(2);
        }
        List<ImageCompressor> compressors = new ArrayList<>();
        compressors.add(new ImageCompressor(quality, 100_000_000L, ImageCodec.JAVA));
        ImageCompressor auto = new ImageCompressor(quality, 100_000_000L, ImageCodec.AUTO);
        if (auto.codec() == ImageCodec.TURBO) {
            compressors.add(auto);
        } else {
            System.out.println("libjpeg-turbo not available: " + TurboJpegCodec.unavailableReason());
        }
        System.out.printf(Locale.ROOT, "%d JPEGs from %s, quality %d, %d timed round(s), 1 thread%n",
                inputs.size(), dir, quality, rounds);
        for (ImageCompressor compressor : compressors) {
            run(compressor, inputs, 1); // warm-up: JIT, class loading, library loading
        }
        for (ImageCompressor compressor : compressors) {
            Result r = run(compressor, inputs, rounds);
            System.out.printf(Locale.ROOT,
                    "%-6s %7.1f MP/s per CPU-second (%.1f MP/s wall)  %6.1f CPU-ms/image  output %,d bytes per round%n",
                    compressor.codec(), r.megapixels / r.cpuSeconds, r.megapixels / r.wallSeconds,
                    r.cpuSeconds * 1000 / (inputs.size() * rounds), r.outputBytes / rounds);
        }
    }

    private static Result run(ImageCompressor compressor, List<byte[]> inputs, int rounds) {
        double megapixels = 0;
        long outputBytes = 0;
        long start = System.nanoTime();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        for (int round = 0; round < rounds; round++) {
            for (byte[] input : inputs) {
                CompressedImage out = compressor.compress(input);
                megapixels += (double) out.width() * out.height() / 1e6;
                outputBytes += out.bytes().length;
            }
        }
        return new Result(megapixels, (System.nanoTime() - start) / 1e9,
                (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9, outputBytes);
    }

    private static List<byte[]> jpegs(Path dir) throws IOException {
        List<byte[]> inputs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                byte[] bytes = Files.readAllBytes(file);
                if (ImageFormat.detect(bytes) == ImageFormat.JPEG) {
                    inputs.add(bytes);
                }
            }
        }
        return inputs;
    }

    private record Result(double megapixels, double wallSeconds, double cpuSeconds, long outputBytes) {
    }
}
