package io.safetywatcher.cli.eval;

import java.util.List;

/**
 * The figures of one alert type (or of all types, {@code type = "all"}).
 *
 * @param tp                incidents detected by at least one alert of this type
 * @param fp                alerts of this type that no incident explains
 * @param fn                incidents that expected this type and got none
 * @param repeats           further alerts for an incident already detected (neither TP nor FP)
 * @param side              alerts explained as a side effect of another incident (neither TP nor FP)
 * @param ttdSeconds        time to detect of each detected incident, seconds of simulated time from the moment it became
 *                          detectable (the truth's detectable_from; its start in truth files without one)
 * @param normalFalseAlarms false positives that fired during normal life (outside every incident's window)
 * @param detectionEvents   lifecycle events of the alerts that detected an incident (TP and repeats)
 */
public record TypeScore(String type, int tp, int fp, int fn, int repeats, int side, List<Double> ttdSeconds,
                        int normalFalseAlarms, double cameraHours, int detectionEvents) {
    public TypeScore {
        ttdSeconds = List.copyOf(ttdSeconds);
    }

    /** TP / (TP + FP); NaN when this type raised nothing and expected nothing. */
    public double precision() { return ratio(tp, tp + fp); }

    /** TP / (TP + FN); NaN when no incident expected this type. */
    public double recall() { return ratio(tp, tp + fn); }

    /** The 95 % Wilson interval of the precision (TP of TP + FP). */
    public Wilson precisionInterval() { return Wilson.of(tp, tp + fp); }

    /** The 95 % Wilson interval of the recall (TP of TP + FN). */
    public Wilson recallInterval() { return Wilson.of(tp, tp + fn); }

    /** Incidents that expected this type: detected or missed. */
    public int incidents() { return tp + fn; }

    public double f1() {
        double p = precision();
        double r = recall();
        return Double.isNaN(p) || Double.isNaN(r) || p + r == 0 ? Double.NaN : 2 * p * r / (p + r);
    }

    public double ttdP50() { return Percentile.of(ttdSeconds, 50); }

    public double ttdP95() { return Percentile.of(ttdSeconds, 95); }

    /**
     * Alert events a desk saw per detected incident (FIRING, UPDATED..., RESOLVED of every alert
     * matched to it, repeats included); NaN when nothing was detected. Three is one FIRING, one
     * UPDATED, one RESOLVED.
     */
    public double eventsPerIncident() { return ratio(detectionEvents, tp); }

    /** False alarms of normal life per camera-hour of normal life; NaN without camera-hours. */
    public double falseAlarmsPerCameraHour() { return cameraHours > 0 ? normalFalseAlarms / cameraHours : Double.NaN; }

    /** True when nothing was expected of this type and nothing of it fired. */
    public boolean empty() { return tp + fp + fn + repeats + side == 0; }

    /** Both scores' counts together; camera-hours add up too (used to combine windows). */
    public TypeScore plus(TypeScore o) {
        List<Double> ttd = new java.util.ArrayList<>(ttdSeconds);
        ttd.addAll(o.ttdSeconds);
        return new TypeScore(type, tp + o.tp, fp + o.fp, fn + o.fn, repeats + o.repeats, side + o.side, ttd,
                normalFalseAlarms + o.normalFalseAlarms, cameraHours + o.cameraHours, detectionEvents + o.detectionEvents);
    }

    public TypeScore withCameraHours(double hours) {
        return new TypeScore(type, tp, fp, fn, repeats, side, ttdSeconds, normalFalseAlarms, hours, detectionEvents);
    }

    private static double ratio(int a, int b) { return b == 0 ? Double.NaN : (double) a / b; }
}
