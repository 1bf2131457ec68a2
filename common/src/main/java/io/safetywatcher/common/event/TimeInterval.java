package io.safetywatcher.common.event;

import io.safetywatcher.common.config.ConfigException;

import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.Month;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A recurring stretch of local time, as Alertmanager's {@code time_intervals} write one: it
 * matches an instant when every field given matches (a field left empty matches always).
 * "Local" is the time zone the caller passes: a zone's own, so "22:00-06:00" means night where
 * the camera is. A range that crosses midnight belongs to the day it starts on: with
 * {@code weekdays: [friday]}, "22:00-06:00" is Friday night into Saturday morning.
 *
 * @param times       daily ranges ("22:00-06:00" crosses midnight); empty: all day
 * @param weekdays    empty: every day
 * @param daysOfMonth 1..31, or -1..-31 counting from the month's end (-1 is the last day); empty: every day
 * @param months      empty: every month
 */
public record TimeInterval(List<OpeningHours> times, Set<DayOfWeek> weekdays, Set<Integer> daysOfMonth, Set<Month> months)
        implements Serializable {

    public TimeInterval {
        times = List.copyOf(times);
        weekdays = weekdays.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(weekdays));
        daysOfMonth = Set.copyOf(daysOfMonth);
        months = months.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(months));
    }

    public boolean contains(ZonedDateTime local) {
        if (times.isEmpty()) {
            return onDay(local);
        }
        java.time.LocalTime t = local.toLocalTime();
        for (OpeningHours h : times) {
            if (h.isOpen(t)) {
                boolean morningOfARangeFromTheDayBefore = !h.always() && h.close().isBefore(h.open()) && t.isBefore(h.close());
                if (onDay(morningOfARangeFromTheDayBefore ? local.minusDays(1) : local)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The day-based fields (weekday, day of month, month) judged on {@code local}'s date. */
    private boolean onDay(ZonedDateTime local) {
        if (!weekdays.isEmpty() && !weekdays.contains(local.getDayOfWeek())) {
            return false;
        }
        if (!months.isEmpty() && !months.contains(local.getMonth())) {
            return false;
        }
        if (!daysOfMonth.isEmpty()) {
            int day = local.getDayOfMonth();
            int fromEnd = day - local.toLocalDate().lengthOfMonth() - 1;
            if (!daysOfMonth.contains(day) && !daysOfMonth.contains(fromEnd)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads the four fields as a rule file writes them: {@code times: ["22:00-06:00"]},
     * {@code weekdays: ["monday:friday", "sunday"]}, {@code days_of_month: ["1:7", "-1"]},
     * {@code months: ["november:february"]} (a range may wrap past the year's or week's end).
     * {@code key} names the interval in errors.
     */
    public static TimeInterval parse(String key, List<String> times, List<String> weekdays, List<String> daysOfMonth,
                                     List<String> months) {
        List<OpeningHours> ranges = new ArrayList<>();
        for (String t : times) {
            ranges.add(OpeningHours.parse(key + ".times", t));
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String w : weekdays) {
            for (int i : range(key + ".weekdays", w, n -> named(key + ".weekdays", n, DayOfWeek.values()).getValue(), 7)) {
                days.add(DayOfWeek.of(i));
            }
        }
        Set<Integer> dom = new TreeSet<>();
        for (String d : daysOfMonth) {
            dom.addAll(dayRange(key + ".days_of_month", d));
        }
        Set<Month> ms = EnumSet.noneOf(Month.class);
        for (String m : months) {
            for (int i : range(key + ".months", m, n -> n.matches("\\d+") ? number(key + ".months", n, 1, 12)
                    : named(key + ".months", n, Month.values()).getValue(), 12)) {
                ms.add(Month.of(i));
            }
        }
        return new TimeInterval(ranges, days, dom, ms);
    }

    private interface Ordinal {
        int of(String name);
    }

    /** "monday:friday" or "friday:monday" (wrapping) or one name, as 1-based ordinals up to {@code size}. */
    private static List<Integer> range(String key, String text, Ordinal ordinal, int size) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split(":", -1);
        if (parts.length > 2) {
            throw new ConfigException(key + ": '" + text + "' is not a value or a range FROM:TO");
        }
        int from = ordinal.of(parts[0].trim());
        int to = parts.length == 2 ? ordinal.of(parts[1].trim()) : from;
        List<Integer> out = new ArrayList<>();
        for (int i = from; ; i = i % size + 1) {
            out.add(i);
            if (i == to) {
                return out;
            }
        }
    }

    private static List<Integer> dayRange(String key, String text) {
        String[] parts = text.trim().split(":", -1);
        if (parts.length > 2) {
            throw new ConfigException(key + ": '" + text + "' is not a day or a range FROM:TO");
        }
        int from = day(key, parts[0].trim());
        int to = parts.length == 2 ? day(key, parts[1].trim()) : from;
        if (Integer.signum(from) != Integer.signum(to) || to < from) {
            throw new ConfigException(key + ": '" + text + "' must run forward, both days counted from the same end of the month");
        }
        List<Integer> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }

    private static int day(String key, String text) {
        int d = number(key, text, -31, 31);
        if (d == 0) {
            throw new ConfigException(key + ": day 0 does not exist; days run 1..31, or -1..-31 from the month's end");
        }
        return d;
    }

    private static int number(String key, String text, int min, int max) {
        try {
            int n = Integer.parseInt(text);
            if (n < min || n > max) {
                throw new ConfigException(key + ": " + n + " is outside " + min + ".." + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + ": '" + text + "' is not a number");
        }
    }

    private static <E extends Enum<E>> E named(String key, String name, E[] values) {
        for (E v : values) {
            if (v.name().equalsIgnoreCase(name)) {
                return v;
            }
        }
        List<String> known = new ArrayList<>();
        for (E v : values) {
            known.add(v.name().toLowerCase(Locale.ROOT));
        }
        throw new ConfigException(key + ": unknown name '" + name + "'; known: " + String.join(", ", known));
    }
}
