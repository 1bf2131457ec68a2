package io.safetywatcher.common.event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Ground truth: an incident the simulator injected, on {@code sw.truth} (key: incident id)
 * and in the truth file. Evaluation matches alerts against these.
 *
 * @param intensity      0..1, how strongly the incident shows in the data
 * @param detectableFrom when the evidence first exists in the data (the door opening of a break-in, the
 *                       crowd crossing the density threshold, a loiterer's dwell limit), from which time to
 *                       detect is measured; the start when the simulator did not say (older truth files)
 * @param evidentUntil   until when the scene still shows it after its end (a crowd takes minutes to thin
 *                       out): alerts it explains as side effects (people in a closed zone) are side alerts
 *                       until then, and normal life starts after it; the end when the simulator did not say
 */
public record Incident(String id, AlertType type, String zone, List<String> devices, Instant start, Instant end, double intensity,
                       Instant detectableFrom, Instant evidentUntil) implements java.io.Serializable {
    /** An incident detectable from its start. */
    public Incident(String id, AlertType type, String zone, List<String> devices, Instant start, Instant end, double intensity) {
        this(id, type, zone, devices, start, end, intensity, null, null);
    }

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
        if (detectableFrom == null) {
            detectableFrom = start;
        }
        if (evidentUntil == null) {
            evidentUntil = end;
        }
        if (evidentUntil.isBefore(end)) {
            throw new IllegalArgumentException("incident " + id + " is evident until " + evidentUntil + ", before its end " + end);
        }
    }

    /** The same incident with the moment its evidence first exists. */
    public Incident detectableFrom(Instant t) { return new Incident(id, type, zone, devices, start, end, intensity, t, evidentUntil); }

    /** The same incident with the moment the scene stops showing it. */
    public Incident evidentUntil(Instant t) { return new Incident(id, type, zone, devices, start, end, intensity, detectableFrom, t); }
}
