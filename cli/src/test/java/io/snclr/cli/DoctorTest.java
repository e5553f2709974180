package io.snclr.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** snclr doctor on this machine: the CPU part (and bf16 where the CPU has it) passes, in a few lines. */
class DoctorTest {
    @Test
    void theCpuChecksPass() {
        String out = CliCapture.stdout("doctor", "--steps", "2"); // exit 0 required
        assertTrue(out.contains("CPU: ") && out.contains("CUDA: "), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("cpu:") && l.contains("ok")), out);
        assertTrue(out.contains("checks passed"), out);
        assertTrue(
                out.lines()
                        .anyMatch(l -> l.startsWith("allocator: glibc malloc") || l.startsWith("allocator: jemalloc")),
                out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("BLAS: OpenBLAS")), out);
    }
}
