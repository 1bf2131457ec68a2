package io.safetywatcher.cli.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The accuracy targets of issue 5, checked for every type the run measured. */
public final class Targets {
    public static final double MIN_PRECISION = 0.95;
    public static final double MIN_RECALL = 0.95;
    public static final double MAX_TTD_P95_S = 10;
    public static final double MAX_FALSE_ALARMS_PER_CAMERA_HOUR = 0.1;

    private Targets() {}

    /** What falls short, one line each; empty when every measured type meets every target. */
    public static List<String> shortfalls(Scorecard card) {
        List<String> out = new ArrayList<>();
        for (TypeScore t : card.types()) {
            below(out, t, "precision", t.precision(), MIN_PRECISION);
            below(out, t, "recall", t.recall(), MIN_RECALL);
            if (t.ttdP95() > MAX_TTD_P95_S) {
                out.add(String.format(Locale.ROOT, "%s: time to detect p95 %.1f s > %.0f s", t.type(), t.ttdP95(), MAX_TTD_P95_S));
            }
        }
        double fa = card.total().falseAlarmsPerCameraHour();
        if (fa >= MAX_FALSE_ALARMS_PER_CAMERA_HOUR) {
            out.add(String.format(Locale.ROOT, "all types: %.3f false alarms per camera-hour of normal life >= %.1f", fa,
                    MAX_FALSE_ALARMS_PER_CAMERA_HOUR));
        }
        return out;
    }

    private static void below(List<String> out, TypeScore t, String what, double v, double min) {
        if (!Double.isNaN(v) && v < min) {
            out.add(String.format(Locale.ROOT, "%s: %s %.2f < %.2f", t.type(), what, v, min));
        }
    }
}
