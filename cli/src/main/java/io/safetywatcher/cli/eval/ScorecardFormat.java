package io.safetywatcher.cli.eval;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safetywatcher.common.codec.Json;

import java.util.Locale;

/** A scorecard as an operator reads it (a table) and as a machine does (JSON). */
public final class ScorecardFormat {
    private ScorecardFormat() {}

    public static String table(Scorecard s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "window %s .. %s: %d incidents, %d alerts; normal life %.2f h x %d cameras = %.1f camera-hours%n",
                s.from(), s.until(), s.incidents(), s.alerts(), s.normalHours(), s.cameras(), s.normalHours() * s.cameras()));
        String head = String.format(Locale.ROOT, "%-21s %4s %4s %4s %7s %4s  %9s %6s %5s  %7s %7s  %10s %6s%n",
                "type", "TP", "FP", "FN", "repeats", "side", "precision", "recall", "F1", "ttd p50", "ttd p95", "FA/cam-h", "ev/inc");
        b.append(head);
        for (TypeScore t : s.types()) {
            b.append(row(t));
        }
        b.append(row(s.total()));
        if (!s.misses().isEmpty()) {
            b.append("missed:").append(System.lineSeparator());
            s.misses().forEach(m -> b.append(String.format(Locale.ROOT, "  %-21s %-20s %s .. %s (incident %s, %s)%n",
                    m.alertType(), m.zone(), m.start(), m.end(), m.incidentId(), m.incidentType())));
        }
        if (!s.falseAlarms().isEmpty()) {
            b.append("false alarms:").append(System.lineSeparator());
            s.falseAlarms().forEach(f -> b.append(String.format(Locale.ROOT, "  %-21s %-20s fired %s%s (alert %s)%n",
                    f.type(), f.zone(), f.firedAt(), f.normalLife() ? ", normal life" : "", f.alertId())));
        }
        return b.toString();
    }

    private static String row(TypeScore t) {
        return String.format(Locale.ROOT, "%-21s %4d %4d %4d %7d %4d  %9s %6s %5s  %7s %7s  %10s %6s%n", t.type(), t.tp(), t.fp(), t.fn(),
                t.repeats(), t.side(), fixed(t.precision(), 2), fixed(t.recall(), 2), fixed(t.f1(), 2), seconds(t.ttdP50()),
                seconds(t.ttdP95()), fixed(t.falseAlarmsPerCameraHour(), 3), fixed(t.eventsPerIncident(), 1));
    }

    /** The crowd alert types whichever scorer grades risk: the risk itself, and the two it must not crowd out. */
    static final java.util.List<String> CROWD_TYPES = java.util.List.of("crowd-risk", "crowd-surge", "crowd-density");

    /**
     * The same suite under both crowd-risk scorers, the crowd types side by side (the other types
     * do not depend on the scorer): a table, or one JSON object with {@code rule} and {@code learned}.
     */
    public static String scorerComparison(Scorecard rule, Scorecard learned, String format) {
        if (format.equals("json")) {
            ObjectNode o = Json.object();
            ObjectNode r = o.putObject("rule");
            ObjectNode l = o.putObject("learned");
            for (String type : CROWD_TYPES) {
                type(rule, type).ifPresent(t -> r.set(type, json(t)));
                type(learned, type).ifPresent(t -> l.set(type, json(t)));
            }
            return o.toPrettyString() + System.lineSeparator();
        }
        StringBuilder b = new StringBuilder(System.lineSeparator()).append("crowd risk by scorer (the same scenarios played once with each):")
                .append(System.lineSeparator());
        b.append(String.format(Locale.ROOT, "%-8s %-21s %4s %4s %4s  %9s %6s %5s  %7s %7s%n", "scorer", "type", "TP", "FP", "FN", "precision",
                "recall", "F1", "ttd p50", "ttd p95"));
        for (String type : CROWD_TYPES) {
            for (String scorer : java.util.List.of("rule", "learned")) {
                type(scorer.equals("rule") ? rule : learned, type).ifPresent(t -> b.append(String.format(Locale.ROOT,
                        "%-8s %-21s %4d %4d %4d  %9s %6s %5s  %7s %7s%n", scorer, type, t.tp(), t.fp(), t.fn(), fixed(t.precision(), 2),
                        fixed(t.recall(), 2), fixed(t.f1(), 2), seconds(t.ttdP50()), seconds(t.ttdP95()))));
            }
        }
        return b.toString();
    }

    private static java.util.Optional<TypeScore> type(Scorecard s, String type) {
        return s.types().stream().filter(t -> t.type().equals(type)).findFirst();
    }

    static String fixed(double v, int decimals) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static String seconds(double v) { return Double.isNaN(v) ? "-" : fixed(v, 1) + "s"; }

    public static ObjectNode json(Scorecard s) {
        ObjectNode o = Json.object();
        o.put("from", s.from().toString());
        o.put("until", s.until().toString());
        o.put("incidents", s.incidents());
        o.put("alerts", s.alerts());
        o.put("cameras", s.cameras());
        o.put("normal_life_hours", s.normalHours());
        ArrayNode types = o.putArray("types");
        s.types().forEach(t -> types.add(json(t)));
        o.set("total", json(s.total()));
        ArrayNode detections = o.putArray("detected");
        s.detections().forEach(d -> {
            ObjectNode n = detections.addObject();
            n.put("incident_id", d.incidentId());
            n.put("incident_type", d.incidentType());
            n.put("alert_type", d.alertType());
            n.put("zone", d.zone());
            n.put("detectable_from", d.detectableFrom().toString());
            n.put("fired_at", d.firedAt().toString());
            n.put("ttd_s", d.ttdSeconds());
        });
        ArrayNode misses = o.putArray("missed");
        s.misses().forEach(m -> {
            ObjectNode n = misses.addObject();
            n.put("incident_id", m.incidentId());
            n.put("incident_type", m.incidentType());
            n.put("alert_type", m.alertType());
            n.put("zone", m.zone());
            n.put("start", m.start().toString());
            n.put("end", m.end().toString());
        });
        ArrayNode fas = o.putArray("false_alarms");
        s.falseAlarms().forEach(f -> {
            ObjectNode n = fas.addObject();
            n.put("alert_id", f.alertId());
            n.put("type", f.type());
            n.put("zone", f.zone());
            n.put("fired_at", f.firedAt().toString());
            n.put("normal_life", f.normalLife());
        });
        return o;
    }

    static ObjectNode json(TypeScore t) {
        ObjectNode n = Json.object();
        n.put("type", t.type());
        n.put("tp", t.tp());
        n.put("fp", t.fp());
        n.put("fn", t.fn());
        n.put("repeats", t.repeats());
        n.put("side", t.side());
        number(n, "precision", t.precision());
        number(n, "recall", t.recall());
        number(n, "f1", t.f1());
        n.put("incidents", t.incidents());
        interval(n, "precision_95", t.precisionInterval());
        interval(n, "recall_95", t.recallInterval());
        number(n, "ttd_p50_s", t.ttdP50());
        number(n, "ttd_p95_s", t.ttdP95());
        n.put("normal_life_false_alarms", t.normalFalseAlarms());
        number(n, "false_alarms_per_camera_hour", t.falseAlarmsPerCameraHour());
        n.put("detection_events", t.detectionEvents());
        number(n, "events_per_incident", t.eventsPerIncident());
        return n;
    }

    /** A 95 % interval as [low, high], or null when there was nothing to count. */
    private static void interval(ObjectNode n, String field, Wilson w) {
        if (Double.isNaN(w.low())) {
            n.putNull(field);
        } else {
            n.putArray(field).add(w.low()).add(w.high());
        }
    }

    /** NaN ("nothing to divide by") is JSON null, not a string. */
    static void number(ObjectNode n, String field, double v) {
        if (Double.isNaN(v)) {
            n.putNull(field);
        } else {
            n.put(field, v);
        }
    }

}
