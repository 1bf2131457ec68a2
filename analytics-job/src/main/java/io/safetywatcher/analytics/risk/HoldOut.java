package io.safetywatcher.analytics.risk;

import java.time.LocalDate;
import java.util.List;

/**
 * Which days of the range the model learns from and which it is judged on: the newest
 * {@code days} are held out, so the figures say how it does on days it has not seen, as it will
 * in service. A split by day, not by row: minutes of one day are alike, and a random split would
 * let the model see the neighbours of the minutes it is judged on.
 */
public record HoldOut(List<LocalDate> train, List<LocalDate> held) {
    public static HoldOut of(LocalDate from, LocalDate to, int days) {
        if (days < 1) {
            throw new IllegalArgumentException("--holdout-days must be at least 1, got " + days);
        }
        List<LocalDate> all = from.datesUntil(to.plusDays(1)).toList();
        if (all.size() < 2) {
            throw new IllegalArgumentException("the range " + from + ".." + to + " has " + all.size()
                    + " day; training needs at least 2 (older days to learn from, the newest to judge on)");
        }
        if (days >= all.size()) {
            throw new IllegalArgumentException("--holdout-days " + days + " leaves no day of the range " + from + ".." + to
                    + " (" + all.size() + " days) to train on");
        }
        return new HoldOut(all.subList(0, all.size() - days), all.subList(all.size() - days, all.size()));
    }

    /** Every day of the range, oldest first. */
    public List<LocalDate> days() {
        List<LocalDate> all = new java.util.ArrayList<>(train);
        all.addAll(held);
        return all;
    }
}
