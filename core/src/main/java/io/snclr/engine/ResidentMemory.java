package io.snclr.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident set size of this process, read from /proc (Linux). */
public final class ResidentMemory {
    private ResidentMemory() {}

    /** @return resident bytes, or -1 where /proc is not available */
    public static long bytes() {
        return field("VmRSS:");
    }

    /** @return the peak resident bytes of this process so far (the high-water mark), or -1 */
    public static long peakBytes() {
        return field("VmHWM:");
    }

    /** @return resident bytes that are anonymous memory (heap, native allocations), or -1 */
    public static long anonymousBytes() {
        return field("RssAnon:");
    }

    /** @return resident bytes that are pages of mapped files (memory-mapped indexes, libraries), or -1 */
    public static long fileBytes() {
        return field("RssFile:");
    }

    private static long field(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) {
                    String[] parts = line.trim().split("\\s+");
                    return Long.parseLong(parts[1]) * 1024L;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
