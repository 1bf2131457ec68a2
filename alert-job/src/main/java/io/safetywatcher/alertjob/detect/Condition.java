package io.safetywatcher.alertjob.detect;

import io.safetywatcher.common.event.Severity;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A detector's verdict at one moment: the condition behind an alert is active (with how
 * severe and how strong) or clear. Not an alert yet: the lifecycle decides, from a stream
 * of these, when an alert fires, changes and resolves.
 *
 * @param score    strength of the evidence, 0..1, comparable within one alert type
 * @param devices  the devices whose data made the verdict
 * @param evidence references to the stored inputs behind it ({@code frame:cam-1@2024-...})
 * @param model    the version of the learned model that graded it, 0 when the rules did
 */
public record Condition(Fingerprint fingerprint, Instant time, boolean active, Severity severity, double score,
                        String summary, List<String> devices, List<String> evidence, int model) implements Serializable {

    public Condition(Fingerprint fingerprint, Instant time, boolean active, Severity severity, double score, String summary,
                     List<String> devices, List<String> evidence) {
        this(fingerprint, time, active, severity, score, summary, devices, evidence, 0);
    }

    /** The same verdict, graded by the learned model of this version. */
    public Condition withModel(int version) {
        return new Condition(fingerprint, time, active, severity, score, summary, devices, evidence, version);
    }

    public Condition {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(summary, "summary");
        devices = List.copyOf(devices);
        evidence = List.copyOf(evidence);
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be within 0..1, got " + score);
        }
    }

    public static Condition active(Fingerprint fingerprint, Instant time, Severity severity, double score, String summary,
                                   List<String> devices, List<String> evidence) {
        return new Condition(fingerprint, time, true, severity, Math.max(0, Math.min(1, score)), summary, devices, evidence);
    }

    public static Condition clear(Fingerprint fingerprint, Instant time, List<String> devices) {
        return new Condition(fingerprint, time, false, Severity.INFO, 0, "clear", devices, List.of());
    }
}
