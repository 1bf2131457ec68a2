package io.safetywatcher.analytics.archive;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which days a run archives, and from where it reads each day. Pure: the job gives it what
 * Cassandra says (the archive record, raw_day_changes, the alert days it holds) and the clock.
 *
 * <p>Where a day is read from. Raw data come from the archive for an archived day once
 * Cassandra holds none of it (its raw_day_changes row, which lives as long as the raw rows,
 * has expired or was deleted) or once the day is {@code readAfter} old (its first rows may
 * already have expired while later ones remain: a partial day must not pass for a whole one).
 * Alerts have no TTL and their handling changes after the day (acknowledgements), so Cassandra
 * stays their source while it holds any alert of the day.
 *
 * <p>What a run archives: the finished days of its range ({@code settle} past their end), that
 * Cassandra holds something of, when never archived, when their raw data changed since (less
 * {@code margin}, as for {@link io.safetywatcher.analytics.figures.DayPlan}), or always with
 * {@code full}; never a day whose raw data already come from the archive, so an archive is
 * not overwritten with what is left of the day in Cassandra.
 */
public final class ArchivePlan {
    private ArchivePlan() {}

    /** Where each day of a run comes from. */
    public record Sources(Set<LocalDate> rawFromArchive, Set<LocalDate> alertsFromArchive) {
        public Sources {
            rawFromArchive = Set.copyOf(rawFromArchive);
            alertsFromArchive = Set.copyOf(alertsFromArchive);
        }

        public static final Sources CASSANDRA_ONLY = new Sources(Set.of(), Set.of());

        public List<LocalDate> rawFromCassandra(List<LocalDate> days) { return days.stream().filter(d -> !rawFromArchive.contains(d)).toList(); }

        public List<LocalDate> rawFromArchive(List<LocalDate> days) { return days.stream().filter(rawFromArchive::contains).toList(); }

        public List<LocalDate> alertsFromCassandra(List<LocalDate> days) { return days.stream().filter(d -> !alertsFromArchive.contains(d)).toList(); }

        public List<LocalDate> alertsFromArchive(List<LocalDate> days) { return days.stream().filter(alertsFromArchive::contains).toList(); }
    }

    /**
     * @param archived   the archived days among {@code days}
     * @param rawHeld    days with a raw_day_changes row
     * @param alertsHeld days with at least one row in alerts_by_day
     */
    public static Sources sources(List<LocalDate> days, Set<LocalDate> archived, Set<LocalDate> rawHeld, Set<LocalDate> alertsHeld,
                                  Instant now, Duration readAfter) {
        Set<LocalDate> raw = new java.util.TreeSet<>();
        Set<LocalDate> alerts = new java.util.TreeSet<>();
        for (LocalDate d : days) {
            if (!archived.contains(d)) {
                continue;
            }
            boolean old = !start(d).plus(readAfter).isAfter(now);
            if (old || !rawHeld.contains(d)) {
                raw.add(d);
            }
            if (!alertsHeld.contains(d)) {
                alerts.add(d);
            }
        }
        return new Sources(raw, alerts);
    }

    /**
     * @param archivedAt day → when it was last archived
     * @param lastChange day → newest raw change (raw_day_changes)
     */
    public static List<LocalDate> daysToArchive(List<LocalDate> days, Instant now, Duration settle, Map<LocalDate, Instant> archivedAt,
                                                Map<LocalDate, Instant> lastChange, Set<LocalDate> alertsHeld, Sources sources,
                                                boolean full, Duration margin) {
        return days.stream().filter(d -> {
            if (start(d.plusDays(1)).plus(settle).isAfter(now) || sources.rawFromArchive().contains(d)) {
                return false;
            }
            if (!lastChange.containsKey(d) && !alertsHeld.contains(d)) {
                return false; // nothing of the day in Cassandra: nothing to copy
            }
            Instant archived = archivedAt.get(d);
            if (full || archived == null) {
                return true;
            }
            Instant changed = lastChange.get(d);
            return changed != null && !changed.isBefore(archived.minus(margin));
        }).toList();
    }

    private static Instant start(LocalDate d) { return d.atStartOfDay(ZoneOffset.UTC).toInstant(); }
}
