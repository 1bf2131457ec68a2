package io.safetywatcher.simulator.incident;

import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Incident;

/**
 * An incident as the world plays it: the ground-truth record, plus the one camera that sees
 * it when it happens in a single view (a fight, a loiterer), or null.
 */
public record InjectedIncident(Incident incident, String camera) {
    public AlertType type() { return incident.type(); }

    public long startMs() { return incident.start().toEpochMilli(); }

    public long endMs() { return incident.end().toEpochMilli(); }

    public double intensity() { return incident.intensity(); }

    public boolean activeAt(long t) { return t >= startMs() && t < endMs(); }

    public boolean overlaps(long from, long to) { return startMs() < to && endMs() > from; }

    public boolean affects(String deviceId) { return incident.devices().contains(deviceId); }

    /** 0 at the start, 1 at the end. */
    public double progress(long t) {
        long len = Math.max(1, endMs() - startMs());
        return Math.min(1, Math.max(0, (double) (t - startMs()) / len));
    }
}
