package io.safetywatcher.common.event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Ground truth: an incident the simulator injected, on {@code sw.truth} (key: incident id)
 * and in the truth file. Evaluation matches alerts against these.
 *
 * @param intensity 0..1, how strongly the incident shows in the data
 */
public record Incident(String id, AlertType type, String zone, List<String> devices, Instant start, Instant end, double intensity) implements java.io.Serializable {
    public Incident {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        devices = List.copyOf(devices);
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("incident " + id + " ends (" + end + ") before it starts (" + start + ")");
        }
    }
}
