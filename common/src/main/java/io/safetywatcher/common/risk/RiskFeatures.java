package io.safetywatcher.common.risk;

import java.util.List;

/**
 * The inputs of a crowd-risk scorer for one zone at one moment: the contract between the
 * training (the analytics job, from the history) and the serving (the alert job, live). The
 * vector order is {@link #NAMES}; a saved model records the names it was trained on and is
 * refused if they differ.
 *
 * @param density    the highest crowd density any device of the zone reports, persons/m²
 * @param growth     the fastest growth of that density over the surge window, persons/m² per
 *                   minute (negative when the crowd thins)
 * @param noise      the strength 0..1 of the zone's latest noise anomaly within the noise
 *                   window, 0 when none
 * @param importance the zone's importance, 1..5
 * @param capacity   the zone's capacity in persons from the registry, 0 when unknown
 * @param hour       the hour of day in the zone's time zone, 0..23
 * @param dayOfWeek  1 (Monday) .. 7 (Sunday) in the zone's time zone
 */
public record RiskFeatures(double density, double growth, double noise, int importance, int capacity, int hour, int dayOfWeek) {

    public static final List<String> NAMES = List.of("density", "growth", "noise", "importance", "capacity", "hour", "day_of_week");

    public double[] vector() {
        return new double[] {density, growth, noise, importance, capacity, hour, dayOfWeek};
    }
}
