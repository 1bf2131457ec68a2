package io.safetywatcher.cli.eval;

import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;

import java.time.Instant;
import java.util.Objects;

/**
 * A condition the detectors raised that the lifecycle held back because another alert in the
 * zone covered it (an inhibition, or a supersede): the detector found the incident, and the
 * desk already had the covering alert.
 *
 * @param severity what it would have fired with
 * @param at      when the condition would have fired
 * @param byAlert the id of the alert that covered it
 */
public record HeldBack(AlertType type, String zone, Severity severity, Instant at, String byAlert) {
    public HeldBack {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(byAlert, "byAlert");
    }
}
