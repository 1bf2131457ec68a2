package io.safetywatcher.analytics.spark;

import io.safetywatcher.analytics.figures.Range;
import io.safetywatcher.analytics.table.Table;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How a run ended: what it covered, which days it scanned, rows written per table, and the
 * results of the whole range (for the report: the range tables as computed, the per-day ones
 * read back for every day of the range), and the days it archived.
 */
public record RunResult(UUID runId, Instant startedAt, Range range, boolean full, List<LocalDate> daysScanned, long durationMs,
                        Map<String, Integer> rowsWritten, long readingsScanned, List<Table> tables, List<LocalDate> daysArchived) {

    public Table table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no table " + name + " in this run"));
    }
}
