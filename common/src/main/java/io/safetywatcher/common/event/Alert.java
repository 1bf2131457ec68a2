package io.safetywatcher.common.event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One alert event as a police desk receives it on {@code sw.alerts} (key: the fingerprint).
 * The same alert id appears once per lifecycle step: FIRING, then any UPDATED, then RESOLVED.
 *
 * @param fingerprint type + zone + device group; repeats of one condition share it
 * @param endedAt     set only when {@code state} is RESOLVED
 * @param evidence    references to stored evidence frames
 * @param model       the learned model that graded it ({@code crowd-risk-v3}), null when the rules did
 */
public record Alert(
        String id,
        String fingerprint,
        AlertType type,
        Severity severity,
        AlertState state,
        String zone,
        List<String> devices,
        Instant startedAt,
        Instant updatedAt,
        Instant endedAt,
        double score,
        String summary,
        List<String> evidence,
        String ruleVersion,
        String model) implements java.io.Serializable {

    /** An alert the rules graded. */
    public Alert(String id, String fingerprint, AlertType type, Severity severity, AlertState state, String zone, List<String> devices,
                 Instant startedAt, Instant updatedAt, Instant endedAt, double score, String summary, List<String> evidence,
                 String ruleVersion) {
        this(id, fingerprint, type, severity, state, zone, devices, startedAt, updatedAt, endedAt, score, summary, evidence, ruleVersion,
                null);
    }

    public Alert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(ruleVersion, "ruleVersion");
        devices = List.copyOf(devices);
        evidence = List.copyOf(evidence);
    }

    public AlertCategory category() { return type.category(); }
}
