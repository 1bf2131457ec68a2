package io.safetywatcher.alertjob.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's memory as the kernel counts it (Linux {@code /proc/self/status}). */
final class ProcStatus {
    private ProcStatus() {}

    /** A "kB" field such as VmRSS (resident now) or VmHWM (resident at the peak); -1 where there is no /proc. */
    static long kilobytes(String field) {
        return kilobytes(Path.of("/proc/self/status"), field);
    }

    /** The same field of another process's status file ({@code /proc/<pid>/status}). */
    static long kilobytes(Path status, String field) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
