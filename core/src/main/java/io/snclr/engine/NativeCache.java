package io.snclr.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Loader;

/**
 * The folder where JavaCPP unpacks the native libraries from their jars (libtorch, OpenBLAS, OpenCV: about 435 MB),
 * once per machine and version: {@code ~/.javacpp/cache} unless {@code -Dorg.bytedeco.javacpp.cachedir} says otherwise.
 */
final class NativeCache {
    private NativeCache() {}

    static Path dir() {
        try {
            return Loader.getCacheDir().toPath();
        } catch (IOException e) {
            return Path.of(System.getProperty("user.home"), ".javacpp", "cache");
        }
    }

    /** Whether libtorch's natives are already unpacked there. */
    static boolean holdsLibtorch(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith("pytorch-"));
        } catch (IOException e) {
            return false;
        }
    }

    static long megabytes(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                            .mapToLong(p -> {
                                try {
                                    return Files.size(p);
                                } catch (IOException e) {
                                    return 0;
                                }
                            })
                            .sum()
                    >> 20;
        } catch (IOException e) {
            return 0;
        }
    }
}
