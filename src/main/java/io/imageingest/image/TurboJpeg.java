package io.imageingest.image;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.io.File;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * JNA binding of the TurboJPEG 2.x C API of the system's libjpeg-turbo ({@code libturbojpeg.so.0}).
 *
 * <p>Only the calls the compressor needs are mapped; signatures follow {@code turbojpeg.h}
 * ({@code unsigned long} is a {@link NativeLong}). Handles are not thread-safe: every decode and
 * encode creates its own and destroys it in {@code finally}.
 */
interface TurboJpeg extends Library {

    /** Names tried in order: the unversioned name only exists with the -dev package installed. */
    List<String> LIBRARY_NAMES = Platform.isMac()
            ? List.of("turbojpeg", "libturbojpeg.0.dylib")
            : List.of("turbojpeg", "libturbojpeg.so.0");

    int TJSAMP_444 = 0;
    int TJSAMP_422 = 1;
    int TJSAMP_420 = 2;
    int TJCS_RGB = 0;
    int TJCS_YCBCR = 1;
    int TJCS_GRAY = 2;
    int TJPF_BGRX = 3;
    int TJPF_XRGB = 5;
    int TJFLAG_ACCURATEDCT = 4096;
    int TJFLAG_LIMITSCANS = 32768;

    /**
     * The layout of a {@code TYPE_INT_RGB} pixel (0x00RRGGBB) when its int is stored in native
     * byte order, so Java int arrays and native pixel buffers can be copied without swizzling.
     */
    int INT_RGB_PIXEL_FORMAT = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? TJPF_BGRX : TJPF_XRGB;

    Pointer tjInitDecompress();

    int tjDecompressHeader3(Pointer handle, Pointer jpegBuf, NativeLong jpegSize, IntByReference width,
                            IntByReference height, IntByReference jpegSubsamp, IntByReference jpegColorspace);

    int tjDecompress2(Pointer handle, Pointer jpegBuf, NativeLong jpegSize, Pointer dstBuf, int width, int pitch,
                      int height, int pixelFormat, int flags);

    int tjDecompressToYUVPlanes(Pointer handle, Pointer jpegBuf, NativeLong jpegSize, Pointer[] dstPlanes, int width,
                                int[] strides, int height, int flags);

    Pointer tjInitCompress();

    int tjCompressFromYUVPlanes(Pointer handle, Pointer[] srcPlanes, int width, int[] strides, int height,
                                int subsamp, PointerByReference jpegBuf, NativeLongByReference jpegSize, int jpegQual,
                                int flags);

    int tjCompress2(Pointer handle, Pointer srcBuf, int width, int pitch, int height, int pixelFormat,
                    PointerByReference jpegBuf, NativeLongByReference jpegSize, int jpegSubsamp, int jpegQual,
                    int flags);

    void tjFree(Pointer buffer);

    int tjDestroy(Pointer handle);

    String tjGetErrorStr2(Pointer handle);

    /** The loaded library and the file it came from (for the start-up log line). */
    record Loaded(TurboJpeg library, String file) {
    }

    /**
     * Loads the library, trying each of {@link #LIBRARY_NAMES}.
     *
     * @throws UnsatisfiedLinkError naming every attempt when none loads
     */
    static Loaded load() {
        optimiseHuffmanTables();
        String lastFailure = "";
        for (String name : LIBRARY_NAMES) {
            try {
                TurboJpeg library = Native.load(name, TurboJpeg.class);
                return new Loaded(library, realPath(NativeLibrary.getInstance(name).getFile()));
            } catch (UnsatisfiedLinkError e) {
                lastFailure = String.valueOf(e.getMessage());
            }
        }
        // JNA's message lists every path and the class path; the dynamic linker's line says enough.
        String reason = lastFailure.lines().filter(line -> line.contains("cannot open")).findFirst()
                .orElse(lastFailure.lines().findFirst().orElse("unknown error"));
        throw new UnsatisfiedLinkError("tried " + String.join(", ", LIBRARY_NAMES) + ": " + reason);
    }

    /**
     * TurboJPEG 2.x writes baseline JPEGs with the standard Huffman tables unless the environment
     * variable {@code TJ_OPTIMIZE=1} is set (it has no flag for it), while the JDK path optimises
     * them: without this, q50 outputs were 7 to 70% larger for the same pixels in our measurements. The variable is read
     * on every compress call, so it is set once here, before any image is encoded, unless the
     * operator has set it already.
     */
    private static void optimiseHuffmanTables() {
        if (System.getenv("TJ_OPTIMIZE") != null || Platform.isWindows()) {
            return;
        }
        try {
            Native.load(Platform.C_LIBRARY_NAME, CLibrary.class).setenv("TJ_OPTIMIZE", "1", 0);
        } catch (LinkageError e) {
            // Only the output size suffers; the codec works without it.
        }
    }

    /** The one libc call needed; see {@link #optimiseHuffmanTables()}. */
    interface CLibrary extends Library {
        int setenv(String name, String value, int overwrite);
    }

    /**
     * The versioned file behind the symlinks, e.g. {@code /usr/lib/x86_64-linux-gnu/libturbojpeg.so.0.2.0},
     * which identifies the build. When the library was found by the dynamic linker, JNA only knows
     * the bare name, so the process's memory map (Linux) is asked where it came from.
     */
    private static String realPath(File file) {
        if (file != null && file.isAbsolute()) {
            try {
                return file.toPath().toRealPath().toString();
            } catch (IOException e) {
                return file.getPath();
            }
        }
        try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
            return maps.map(line -> line.substring(line.lastIndexOf(' ') + 1))
                    .filter(path -> path.startsWith("/") && path.contains("libturbojpeg"))
                    .findFirst()
                    .orElse(file == null ? "(unknown path)" : file.getPath());
        } catch (IOException | RuntimeException e) {
            return file == null ? "(unknown path)" : file.getPath();
        }
    }
}
