package io.safetywatcher.alertjob.registry;

import io.safetywatcher.alertjob.detect.HourlyNoise;

import java.io.Serializable;
import java.util.Map;
import java.util.Optional;

/**
 * The device and zone registry (Cassandra tables {@code devices}, {@code zones}) as an
 * immutable snapshot small enough to broadcast: a city has thousands of devices, not millions.
 */
public record Registry(Map<String, Device> devices, Map<String, ZoneInfo> zones, long loadedAtMillis) implements Serializable {

    /** @param width image width in pixels, cameras only (0 when not recorded); likewise height */
    public record Device(String id, String zone, String kind, String sensorType, double viewAreaM2, int width, int height)
            implements Serializable {}

    /** @param usualNoise what the zone usually sounds like by local hour (analytics' noise_baseline); empty without history */
    public record ZoneInfo(String id, String kind, double areaM2, String openingHours, String timezone, int importance,
                           HourlyNoise usualNoise) implements Serializable {
        public ZoneInfo(String id, String kind, double areaM2, String openingHours, String timezone, int importance) {
            this(id, kind, areaM2, openingHours, timezone, importance, HourlyNoise.none());
        }
    }

    public Registry {
        devices = Map.copyOf(devices);
        zones = Map.copyOf(zones);
    }

    public static Registry empty() { return new Registry(Map.of(), Map.of(), 0); }

    public Optional<Device> device(String id) { return Optional.ofNullable(devices.get(id)); }
}
