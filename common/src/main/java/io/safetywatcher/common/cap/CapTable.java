package io.safetywatcher.common.cap;

import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The one table from this project's alert types and severities to CAP 1.2's value lists.
 * The rows are data: the docs and {@code CapTableTest} read them, one test per row.
 * <p>
 * Certainty: <b>Observed</b> only where a person or a direct measurement says so (a panic
 * button, a measured density, a camera whose frames are corrupt); <b>Likely</b> for a detector
 * that recognises the event itself (a gunshot's sound, a fight's motion); <b>Possible</b> for
 * behaviour that is merely unusual (loitering, noise, suspicious behaviour). Urgency:
 * <b>Immediate</b> where responders act now, <b>Expected</b> where the situation develops.
 * A resolved alert's urgency is <b>Past</b> whatever its type ("responsive action is no
 * longer required"). CAP severity follows the alert's severity alone ({@link #SEVERITY}).
 */
public final class CapTable {
    private CapTable() {}

    /** One alert type's CAP info: {@code category} and {@code event} text, {@code urgency}, {@code certainty}. */
    public record Row(AlertType type, String category, String event, String urgency, String certainty) {}

    public static final List<Row> ROWS = List.of(
            new Row(AlertType.INTRUSION, "Security", "Intrusion", "Immediate", "Likely"),
            new Row(AlertType.LOITERING, "Security", "Loitering", "Expected", "Possible"),
            new Row(AlertType.FIGHT, "Security", "Fight", "Immediate", "Likely"),
            new Row(AlertType.GUNSHOT, "Security", "Gunshot", "Immediate", "Likely"),
            new Row(AlertType.GLASS_BREAK, "Security", "Glass break", "Immediate", "Likely"),
            new Row(AlertType.BREAK_IN, "Security", "Break-in", "Immediate", "Likely"),
            new Row(AlertType.PANIC, "Security", "Panic alarm", "Immediate", "Observed"),
            new Row(AlertType.NOISE, "Security", "Noise", "Expected", "Possible"),
            new Row(AlertType.SUSPICIOUS_BEHAVIOUR, "Security", "Suspicious behaviour", "Expected", "Possible"),
            new Row(AlertType.CROWD_DENSITY, "Safety", "Crowd density", "Expected", "Observed"),
            new Row(AlertType.CROWD_SURGE, "Safety", "Crowd surge", "Immediate", "Likely"),
            new Row(AlertType.CROWD_RISK, "Safety", "Crowd risk", "Expected", "Likely"),
            new Row(AlertType.DEVICE_FAULT, "Infra", "Camera fault", "Expected", "Observed"),
            new Row(AlertType.CAMERA_OFFLINE, "Infra", "Camera offline", "Expected", "Observed"),
            new Row(AlertType.CAMERA_FROZEN, "Infra", "Camera frozen", "Expected", "Observed"),
            new Row(AlertType.CAMERA_COVERED, "Infra", "Camera covered", "Immediate", "Likely"),
            new Row(AlertType.CAMERA_MOVED, "Infra", "Camera moved", "Expected", "Likely"),
            new Row(AlertType.SENSOR_SILENT, "Infra", "Sensor silent", "Expected", "Observed"));

    /** The alert's severity as CAP's: the top two ranks are the ones a desk must act on. */
    public static final Map<Severity, String> SEVERITY = new EnumMap<>(Map.of(
            Severity.CRITICAL, "Extreme",
            Severity.HIGH, "Severe",
            Severity.MEDIUM, "Moderate",
            Severity.LOW, "Minor",
            Severity.INFO, "Minor"));

    private static final Map<AlertType, Row> BY_TYPE = byType();

    private static Map<AlertType, Row> byType() {
        Map<AlertType, Row> m = new EnumMap<>(AlertType.class);
        for (Row r : ROWS) {
            if (m.put(r.type(), r) != null) {
                throw new IllegalStateException("two CAP rows for " + r.type());
            }
        }
        return m;
    }

    /** The row of {@code type}; every alert type has one (the test checks). */
    public static Row row(AlertType type) {
        Row r = BY_TYPE.get(type);
        if (r == null) {
            throw new IllegalStateException("no CAP row for alert type " + type.id() + ": add one to CapTable.ROWS");
        }
        return r;
    }

    public static String severity(Severity s) { return SEVERITY.get(s); }

    /** The row's urgency, or Past once the alert is resolved. */
    public static String urgency(AlertType type, AlertState state) {
        return state == AlertState.RESOLVED ? "Past" : row(type).urgency();
    }
}
