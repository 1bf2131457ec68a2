package io.safetywatcher.simulator;

import io.safetywatcher.simulator.out.Tally;
import org.slf4j.Logger;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A progress bar with rates on a terminal (rewritten in place), plain log lines otherwise,
 * and the summary at the end.
 */
final class Progress {
    private final Tally tally;
    private final PrintStream out;
    private final boolean terminal;
    private final long intervalNanos;
    private final Logger log;
    private long lastNanos = System.nanoTime();
    private long lastCount;
    private final long wall0 = System.nanoTime();

    Progress(Tally tally, PrintStream out, boolean terminal, Duration interval, Logger log) {
        this.tally = tally;
        this.out = out;
        this.terminal = terminal;
        this.intervalNanos = terminal ? 500_000_000L : interval.toNanos();
        this.log = log;
    }

    void tick(long simMs) {
        long now = System.nanoTime();
        if (now - lastNanos < intervalNanos) {
            return;
        }
        long count = tally.total();
        double rate = (count - lastCount) / ((now - lastNanos) / 1e9);
        lastNanos = now;
        lastCount = count;
        Map<String, Long> t = tally.byTopic();
        String line = String.format("sim %s | %,d records %,.0f/s | %s | %.1f MB | %s elapsed",
                Instant.ofEpochMilli(simMs), count, rate, compact(t), tally.bytes() / 1e6,
                Duration.ofSeconds((now - wall0) / 1_000_000_000L).toString().substring(2).toLowerCase());
        if (terminal) {
            out.print("\r" + line + "   ");
            out.flush();
        } else {
            log.info(line);
        }
    }

    private static String compact(Map<String, Long> t) {
        StringBuilder sb = new StringBuilder();
        t.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : " ").append(k.substring(k.lastIndexOf('.') + 1)).append(' ').append(v));
        return sb.toString();
    }

    void summary(long wall0, boolean interrupted, long simStart, long simEnd, Path outDir, Path truthFile) {
        double secs = Math.max(1e-3, (System.nanoTime() - wall0) / 1e9);
        if (terminal) {
            out.println();
        }
        out.println(interrupted ? "Stopped; everything sent so far was flushed." : "Done.");
        out.printf("  simulated %s .. %s (%s)%n", Instant.ofEpochMilli(simStart), Instant.ofEpochMilli(simEnd),
                Duration.ofMillis(Math.max(0, simEnd - simStart)));
        tally.byTopic().forEach((topic, n) -> out.printf("  %-22s %,12d records%n", topic, n));
        out.printf("  %-22s %,12d records, %.1f MB in %.1f s (%,.0f records/s)%n", "total", tally.total(), tally.bytes() / 1e6,
                secs, tally.total() / secs);
        long truthRecords = tally.byTopic().entrySet().stream().filter(e -> e.getKey().endsWith("truth")).mapToLong(Map.Entry::getValue).sum();
        out.printf("  incidents injected: %d; bad records mixed in: %d%n", truthRecords - tally.bad(), tally.bad());
        if (outDir != null) {
            out.println("  written to " + outDir.toAbsolutePath());
        }
        if (truthFile != null) {
            out.println("  ground truth in " + truthFile.toAbsolutePath());
        }
        out.flush();
    }
}
