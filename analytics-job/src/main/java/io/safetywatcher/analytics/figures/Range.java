package io.safetywatcher.analytics.figures;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** UTC days from {@code from} to {@code to}, both included. */
public record Range(LocalDate from, LocalDate to) implements Serializable {
    public Range {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("the range ends (" + to + ") before it starts (" + from + ")");
        }
    }

    /** The {@code days} days up to and including {@code last}. */
    public static Range lastDays(LocalDate last, int days) { return new Range(last.minusDays(days - 1L), last); }

    public int length() { return (int) ChronoUnit.DAYS.between(from, to) + 1; }

    public List<LocalDate> days() {
        List<LocalDate> out = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            out.add(d);
        }
        return out;
    }

    /** The period of the same length just before this one, for "change against the previous period". */
    public Range previous() { return new Range(from.minusDays(length()), from.minusDays(1)); }

    public boolean contains(LocalDate d) { return !d.isBefore(from) && !d.isAfter(to); }

    @Override
    public String toString() { return from + ".." + to; }
}
