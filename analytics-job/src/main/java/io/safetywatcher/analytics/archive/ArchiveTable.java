package io.safetywatcher.analytics.archive;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * One table of the archive: its layer, its name, and whether its day folders are split further
 * by zone ({@code zone_id=...}; quarantined input has no zone). A table's files live under
 * {@code <root>/<layer>/<name>/day=<yyyy-MM-dd>[/zone_id=<zone>]/part-*.parquet}; the day
 * and zone are in the path, not in the files.
 */
public record ArchiveTable(Layer layer, String name, boolean byZone) {
    public enum Layer {
        /** The day's rows as Cassandra stores them. */
        RAW,
        /** Validated, deduplicated, joined with the registry. */
        CLEAN,
        /** The per-zone and per-hour figures the analytics computes. */
        AGGREGATED;

        public String folder() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    public static final ArchiveTable RAW_READINGS = new ArchiveTable(Layer.RAW, "readings", true);
    public static final ArchiveTable RAW_OBSERVATIONS = new ArchiveTable(Layer.RAW, "observations", true);
    public static final ArchiveTable RAW_FRAMES = new ArchiveTable(Layer.RAW, "frames", true);
    public static final ArchiveTable RAW_ALERTS = new ArchiveTable(Layer.RAW, "alerts", true);
    public static final ArchiveTable RAW_QUARANTINE = new ArchiveTable(Layer.RAW, "quarantine", false);
    public static final ArchiveTable CLEAN_READINGS = new ArchiveTable(Layer.CLEAN, "readings", true);
    public static final ArchiveTable CLEAN_OBSERVATIONS = new ArchiveTable(Layer.CLEAN, "observations", true);
    public static final ArchiveTable CLEAN_FRAMES = new ArchiveTable(Layer.CLEAN, "frames", true);
    public static final ArchiveTable CLEAN_ALERTS = new ArchiveTable(Layer.CLEAN, "alerts", true);
    public static final ArchiveTable ZONE_HOUR_STATS = new ArchiveTable(Layer.AGGREGATED, "zone_hour_stats", true);
    public static final ArchiveTable INCIDENTS_BY_HOUR = new ArchiveTable(Layer.AGGREGATED, "incidents_by_hour", true);

    public static final List<ArchiveTable> ALL = List.of(RAW_READINGS, RAW_OBSERVATIONS, RAW_FRAMES, RAW_ALERTS, RAW_QUARANTINE,
            CLEAN_READINGS, CLEAN_OBSERVATIONS, CLEAN_FRAMES, CLEAN_ALERTS, ZONE_HOUR_STATS, INCIDENTS_BY_HOUR);

    /** The table's folder under the archive root. */
    public String path(String root) { return root + "/" + layer.folder() + "/" + name; }

    /** One day's folder of the table: replaced whole when the day is archived again. */
    public String dayPath(String root, LocalDate day) { return path(root) + "/day=" + day; }

    /** Where a run writes the day before it is checked and moved into place. */
    public String stagingPath(String root, UUID runId, LocalDate day) { return staging(root, runId, day) + "/" + layer.folder() + "/" + name; }

    /** Where the day's previous folder goes while the new one is moved in, deleted right after. */
    public String replacedPath(String root, UUID runId, LocalDate day) { return replaced(root, runId, day) + "/" + layer.folder() + "/" + name; }

    /** A run's staging folder for a day, every table's below it. */
    public static String staging(String root, UUID runId, LocalDate day) { return root + "/_staging/" + runId + "-" + day; }

    public static String replaced(String root, UUID runId, LocalDate day) { return root + "/_replaced/" + runId + "-" + day; }
}
