package io.safetywatcher.notify.route;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * A weekly time window in local time, as Alertmanager's time intervals: the days it applies on
 * (empty: every day) and a time range; a range whose end is before its start crosses midnight
 * and belongs to the day it starts on.
 *
 * @param to exclusive; {@code 00:00} with {@code from} {@code 00:00} means the whole day
 */
public record TimeWindow(Set<DayOfWeek> days, LocalTime from, LocalTime to) {
    public TimeWindow {
        days = Set.copyOf(days);
    }

    public boolean contains(ZonedDateTime t) {
        LocalTime now = t.toLocalTime();
        if (from.equals(to)) {
            return onDay(t.getDayOfWeek());
        }
        if (from.isBefore(to)) {
            return onDay(t.getDayOfWeek()) && !now.isBefore(from) && now.isBefore(to);
        }
        // Crosses midnight: the evening part is on its own day, the morning part on the day after.
        return (onDay(t.getDayOfWeek()) && !now.isBefore(from)) || (onDay(t.getDayOfWeek().minus(1)) && now.isBefore(to));
    }

    private boolean onDay(DayOfWeek d) { return days.isEmpty() || days.contains(d); }
}
