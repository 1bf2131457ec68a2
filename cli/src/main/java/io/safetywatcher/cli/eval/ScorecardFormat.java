package io.safetywatcher.cli.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safetywatcher.common.codec.Json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
        b.append(coveredLine(s));
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

    /** The head of a table of types with their 95 % intervals ({@link #intervalRow}). */
    static String intervalHead(String first) {
        return String.format(Locale.ROOT, "%-32s %9s %4s %4s %4s  %-22s %-22s %8s %8s%n", first, "incidents", "TP", "FP", "FN",
                "precision [95% CI]", "recall [95% CI]", "ttd p50", "ttd p95");
    }

    /** One type: its counts, precision and recall with their 95 % Wilson intervals, and times to detect. */
    static String intervalRow(String label, TypeScore t) {
        return String.format(Locale.ROOT, "%-32s %9d %4d %4d %4d  %-22s %-22s %8s %8s%n", label, t.incidents(), t.tp(), t.fp(), t.fn(),
                withInterval(t.precision(), t.precisionInterval()), withInterval(t.recall(), t.recallInterval()),
                seconds(t.ttdP50()), seconds(t.ttdP95()));
    }

    /** The closing line of such a table: what was missed and raised falsely, and the normal-life rate. */
    static String missedLine(Scorecard s) {
        return String.format(Locale.ROOT, "%n%s%d missed, %d false alarms (%d in normal life: %s per camera-hour); --format json lists them%n",
                coveredLine(s), s.misses().size(), s.falseAlarms().size(), s.total().normalFalseAlarms(),
                fixed(s.total().falseAlarmsPerCameraHour(), 3));
    }

    /**
     * Which detections were covered rather than raised ({@link AlertMatcher}), by type: "found
     * under a covering alert: crowd-density 3 (crowd-surge 2, crowd-risk 1)", or nothing.
     */
    static String coveredLine(Scorecard s) {
        java.util.Map<String, java.util.Map<String, Integer>> byType = new java.util.TreeMap<>();
        s.detections().stream().filter(Scorecard.Detection::covered)
                .forEach(d -> byType.computeIfAbsent(d.alertType(), k -> new java.util.TreeMap<>()).merge(d.coveredBy(), 1, Integer::sum));
        if (byType.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        byType.forEach((type, by) -> {
            List<String> under = new ArrayList<>();
            by.forEach((t, n) -> under.add(t + " " + n));
            parts.add(type + " " + by.values().stream().mapToInt(Integer::intValue).sum() + " (" + String.join(", ", under) + ")");
        });
        return "found under an alert that covered them, not raised on their own: " + String.join("; ", parts) + System.lineSeparator();
    }

    private static String withInterval(double v, Wilson w) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f [%.2f, %.2f]", v, w.low(), w.high());
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
            if (d.covered()) {
                n.put("covered_by", d.coveredBy());
            }
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

    /**
     * A scorecard back from its {@link #json(Scorecard)}: counts, camera-hours, and the times to
     * detect from its {@code detected} list, so scorecards written apart can be
     * {@link Scorecard#combine combined}.
     *
     * @throws IllegalArgumentException naming the field, when the document is not a scorecard or
     *                                  predates the {@code detected} list (its times to detect are lost)
     */
    public static Scorecard read(JsonNode o) {
        if (o == null || !o.isObject() || !o.has("types") || !o.has("total")) {
            throw new IllegalArgumentException("not a scorecard: it has no 'types' and 'total'");
        }
        if (!o.path("detected").isArray()) {
            throw new IllegalArgumentException("it has no 'detected' list (written by an older eval), so its times to detect cannot be pooled; play it again");
        }
        List<Scorecard.Detection> detections = new ArrayList<>();
        for (JsonNode d : o.get("detected")) {
            detections.add(new Scorecard.Detection(text(d, "incident_id"), text(d, "incident_type"), text(d, "zone"),
                    Instant.parse(text(d, "detectable_from")), Instant.parse(text(d, "fired_at")), text(d, "alert_type"),
                    d.hasNonNull("covered_by") ? d.get("covered_by").asText() : null));
        }
        List<Scorecard.Miss> misses = new ArrayList<>();
        for (JsonNode m : o.path("missed")) {
            misses.add(new Scorecard.Miss(text(m, "incident_id"), text(m, "incident_type"), text(m, "zone"), Instant.parse(text(m, "start")),
                    Instant.parse(text(m, "end")), text(m, "alert_type")));
        }
        List<Scorecard.FalseAlarm> falseAlarms = new ArrayList<>();
        for (JsonNode f : o.path("false_alarms")) {
            falseAlarms.add(new Scorecard.FalseAlarm(text(f, "alert_id"), text(f, "type"), text(f, "zone"), Instant.parse(text(f, "fired_at")),
                    required(f, "normal_life").asBoolean()));
        }
        double normalHours = required(o, "normal_life_hours").asDouble();
        int cameras = required(o, "cameras").asInt();
        List<TypeScore> types = new ArrayList<>();
        for (JsonNode t : o.get("types")) {
            String type = text(t, "type");
            types.add(typeScore(t, detections.stream().filter(d -> d.alertType().equals(type)).map(Scorecard.Detection::ttdSeconds).toList(),
                    normalHours * cameras));
        }
        TypeScore total = typeScore(o.get("total"), detections.stream().map(Scorecard.Detection::ttdSeconds).toList(), normalHours * cameras);
        return new Scorecard(Instant.parse(text(o, "from")), Instant.parse(text(o, "until")), normalHours, cameras,
                required(o, "incidents").asInt(), required(o, "alerts").asInt(), types, total, detections, misses, falseAlarms);
    }

    private static TypeScore typeScore(JsonNode t, List<Double> ttd, double cameraHours) {
        return new TypeScore(text(t, "type"), required(t, "tp").asInt(), required(t, "fp").asInt(), required(t, "fn").asInt(),
                required(t, "repeats").asInt(), required(t, "side").asInt(), ttd, required(t, "normal_life_false_alarms").asInt(),
                cameraHours, required(t, "detection_events").asInt());
    }

    private static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("a scorecard entry has no '" + field + "': " + abbreviated(n));
        }
        return v;
    }

    private static String text(JsonNode n, String field) { return required(n, field).asText(); }

    private static String abbreviated(JsonNode n) {
        String s = n.toString();
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
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
