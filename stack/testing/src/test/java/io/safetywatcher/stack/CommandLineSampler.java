package io.safetywatcher.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code ps} shows anyone on the machine: every process's command line, read from
 * {@code /proc/<pid>/cmdline} every 20 ms on a thread of its own until closed. A short-lived
 * process (a storage format, a keytool) lives for hundreds of milliseconds, so it is seen.
 */
final class CommandLineSampler implements AutoCloseable {
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int samples;

    CommandLineSampler() {
        thread = new Thread(this::sample, "command-line-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        while (running) {
            try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                for (Path proc : procs) {
                    try {
                        byte[] raw = Files.readAllBytes(proc.resolve("cmdline"));
                        if (raw.length > 0) {
                            seen.add(new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip());
                        }
                    } catch (IOException e) {
                        // exited between the listing and the read
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot list /proc", e);
            }
            samples++;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Every distinct command line seen so far. */
    List<String> seen() { return List.copyOf(seen); }

    int samples() { return samples; }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
