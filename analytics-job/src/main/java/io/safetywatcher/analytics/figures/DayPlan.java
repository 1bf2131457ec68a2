package io.safetywatcher.analytics.figures;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Which days of a range a run must scan again. Tracked, not guessed: a day is scanned when it
 * was never computed, when its raw data changed (raw_day_changes, written by the ingest) after
 * the run that last computed it started, less a margin, or when it is today (a device's
 * silence depends on the clock, not only on data). With {@code full} every day is scanned.
 */
public final class DayPlan {
    private DayPlan() {}

    /**
     * @param computedAt day → start of the run that last scanned it (analytics_days)
     * @param lastChange day → newest last_change over the raw tables (raw_day_changes)
     * @param margin     an ingest batch stamps its change with the time it began, before its rows
     *                   land; a change stamped up to this long before a run started may not have
     *                   been visible to that run
     */
    public static List<LocalDate> daysToScan(Range range, Map<LocalDate, Instant> computedAt, Map<LocalDate, Instant> lastChange,
                                             LocalDate today, boolean full, Duration margin) {
        return range.days().stream().filter(d -> {
            if (full || d.equals(today)) {
                return true;
            }
            Instant computed = computedAt.get(d);
            if (computed == null) {
                return true;
            }
            Instant changed = lastChange.get(d);
            return changed != null && !changed.isBefore(computed.minus(margin));
        }).toList();
    }
}
