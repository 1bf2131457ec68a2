package io.safetywatcher.alertjob.rules;

import io.safetywatcher.alertjob.detect.Cadence;
import io.safetywatcher.alertjob.detect.HourlyNoise;

import java.io.Serializable;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The part of a registry {@link io.safetywatcher.store.registry.Zone} the rules layer over the
 * rule file's settings, as text the rules validate, and what history says the zone usually
 * sounds like. Any field but the id may be null: the rule file's defaults for the zone's kind
 * fill it in. Built from the registry's zone ({@link #of}); it is the rules' input, not a
 * registry row. {@code devices}: the zone's registered devices and how often each reports.
 */
public record ZoneFacts(String id, String kind, String openingHours, String timezone, Integer importance, HourlyNoise usualNoise,
                        Integer capacity, Map<String, Cadence> devices)
        implements Serializable {
    public ZoneFacts {
        Objects.requireNonNull(id, "id");
        devices = devices == null ? Map.of() : Map.copyOf(devices);
    }

    /** Without the zone's devices (none is judged for silence). */
    public ZoneFacts(String id, String kind, String openingHours, String timezone, Integer importance, HourlyNoise usualNoise,
                     Integer capacity) {
        this(id, kind, openingHours, timezone, importance, usualNoise, capacity, Map.of());
    }

    public ZoneFacts(String id, String kind, String openingHours, String timezone, Integer importance, HourlyNoise usualNoise) {
        this(id, kind, openingHours, timezone, importance, usualNoise, null);
    }

    public ZoneFacts(String id, String kind, String openingHours, String timezone, Integer importance) {
        this(id, kind, openingHours, timezone, importance, null);
    }

    /** A registry zone's facts; an importance or capacity of 0 or less counts as not set. */
    public static ZoneFacts of(io.safetywatcher.store.registry.Zone z, HourlyNoise usualNoise) {
        return of(z, usualNoise, List.of());
    }

    /**
     * The same, with the registry's devices of the zone: every camera, and every sensor with a
     * positive sampling period (one without cannot be judged silent).
     */
    public static ZoneFacts of(io.safetywatcher.store.registry.Zone z, HourlyNoise usualNoise,
                               Collection<io.safetywatcher.store.registry.Device> devices) {
        Map<String, Cadence> cadences = new HashMap<>();
        for (io.safetywatcher.store.registry.Device d : devices) {
            if (!z.id().equals(d.zone())) {
                continue;
            }
            if (d.camera()) {
                cadences.put(d.id(), Cadence.ofCamera());
            } else if (d.samplingPeriodMs() != null && d.samplingPeriodMs() > 0) {
                cadences.put(d.id(), Cadence.ofSensor(d.samplingPeriodMs()));
            }
        }
        return new ZoneFacts(z.id(), z.kind(), z.openingHours(), z.timezone(),
                z.importance() != null && z.importance() > 0 ? z.importance() : null, usualNoise,
                z.capacity() != null && z.capacity() > 0 ? z.capacity() : null, cadences);
    }

    /** Every zone of the registry with its devices, and its usual noise where history has one: what the job's rules read. */
    public static Map<String, ZoneFacts> allOf(io.safetywatcher.store.registry.Registry registry, Map<String, HourlyNoise> usualNoise) {
        Map<String, ZoneFacts> facts = new HashMap<>();
        registry.zones().forEach((id, z) -> facts.put(id, of(z, usualNoise.getOrDefault(id, HourlyNoise.none()),
                registry.devices().values())));
        return facts;
    }

    public static ZoneFacts unknown(String id) {
        return new ZoneFacts(id, null, null, null, null);
    }
}
