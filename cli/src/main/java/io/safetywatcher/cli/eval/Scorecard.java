package io.safetywatcher.cli.eval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of one evaluation: a row per alert type that was expected or raised, a total
 * row, each detection with its time to detect, and what went wrong (missed incidents, false
 * alarms) so a miss can be looked up.
 *
 * @param normalHours hours of the window outside every incident's (tolerance-widened) span
 * @param cameras     cameras of the city, for false alarms per camera-hour
 */
public record Scorecard(Instant from, Instant until, double normalHours, int cameras, int incidents, int alerts,
                        List<TypeScore> types, TypeScore total, List<Detection> detections, List<Miss> misses,
                        List<FalseAlarm> falseAlarms) {
    public Scorecard {
        types = List.copyOf(types);
        detections = List.copyOf(detections);
        misses = List.copyOf(misses);
        falseAlarms = List.copyOf(falseAlarms);
    }

    /**
     * An incident detected by the first alert of an expected type: its time to detect is
     * {@code firedAt - detectableFrom}, 0 if it fired before. Kept one by one so that times to
     * detect of windows scored apart can be pooled.
     *
     * @param coveredBy null when an alert of {@code alertType} fired for it; else the type of the
     *                  alert that covered it ({@link AlertMatcher}): one of its own type already
     *                  open in the zone, or one that held its condition back
     */
    public record Detection(String incidentId, String incidentType, String zone, Instant detectableFrom, Instant firedAt,
                            String alertType, String coveredBy) {
        public Detection(String incidentId, String incidentType, String zone, Instant detectableFrom, Instant firedAt, String alertType) {
            this(incidentId, incidentType, zone, detectableFrom, firedAt, alertType, null);
        }

        public boolean covered() { return coveredBy != null; }

        public double ttdSeconds() {
            return Math.max(0, java.time.Duration.between(detectableFrom, firedAt).toMillis()) / 1000.0;
        }
    }

    /** An incident that expected an alert type and did not get it. */
    public record Miss(String incidentId, String incidentType, String zone, Instant start, Instant end, String alertType) {}

    /** An alert no incident explains; {@code normalLife} when it fired outside every incident's span. */
    public record FalseAlarm(String alertId, String type, String zone, Instant firedAt, boolean normalLife) {}

    /**
     * Several windows as one (a suite's scenarios): counts, times to detect and hours of
     * normal life add up; the window is the first start to the last end.
     */
    public static Scorecard combine(List<Scorecard> cards) {
        if (cards.isEmpty()) {
            throw new IllegalArgumentException("nothing to combine");
        }
        Map<String, TypeScore> types = new LinkedHashMap<>();
        for (io.safetywatcher.common.event.AlertType t : io.safetywatcher.common.event.AlertType.values()) {
            for (Scorecard c : cards) {
                c.types().stream().filter(x -> x.type().equals(t.id())).forEach(x -> types.merge(x.type(), x, TypeScore::plus));
            }
        }
        // A type seen in one window only is still judged over every window's camera-hours.
        double cameraHours = cards.stream().mapToDouble(c -> c.normalHours() * c.cameras()).sum();
        types.replaceAll((k, t) -> t.withCameraHours(cameraHours));
        TypeScore total = cards.stream().map(Scorecard::total).reduce(TypeScore::plus).orElseThrow().withCameraHours(cameraHours);
        List<Detection> detections = new ArrayList<>();
        List<Miss> misses = new ArrayList<>();
        List<FalseAlarm> falseAlarms = new ArrayList<>();
        cards.forEach(c -> {
            detections.addAll(c.detections());
            misses.addAll(c.misses());
            falseAlarms.addAll(c.falseAlarms());
        });
        Instant from = cards.stream().map(Scorecard::from).min(Instant::compareTo).orElseThrow();
        Instant until = cards.stream().map(Scorecard::until).max(Instant::compareTo).orElseThrow();
        return new Scorecard(from, until, cards.stream().mapToDouble(Scorecard::normalHours).sum(),
                cards.stream().mapToInt(Scorecard::cameras).max().orElse(0), cards.stream().mapToInt(Scorecard::incidents).sum(),
                cards.stream().mapToInt(Scorecard::alerts).sum(), List.copyOf(types.values()), total, detections, misses,
                falseAlarms);
    }
}
