package io.safetywatcher.store.registry;

import io.safetywatcher.common.cap.CapArea;

import java.io.Serializable;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The whole registry as read at one moment: small enough to hold and broadcast (a city has
 * thousands of devices, not millions). Zones and devices are in id order.
 */
public record Registry(Map<String, Zone> zones, Map<String, Device> devices, long loadedAtMillis) implements Serializable {
    private static final long serialVersionUID = 1L;

    public Registry {
        zones = Collections.unmodifiableMap(new TreeMap<>(zones));
        devices = Collections.unmodifiableMap(new TreeMap<>(devices));
    }

    public static Registry of(List<Zone> zones, List<Device> devices, long loadedAtMillis) {
        Map<String, Zone> z = new TreeMap<>();
        zones.forEach(x -> z.put(x.id(), x));
        Map<String, Device> d = new TreeMap<>();
        devices.forEach(x -> d.put(x.id(), x));
        return new Registry(z, d, loadedAtMillis);
    }

    public static Registry empty() { return new Registry(Map.of(), Map.of(), 0); }

    public Optional<Device> device(String id) { return Optional.ofNullable(devices.get(id)); }

    public Optional<Zone> zone(String id) { return Optional.ofNullable(zones.get(id)); }

    public List<String> zoneIds() { return List.copyOf(zones.keySet()); }

    /** Device ids of this kind ({@link Device#CAMERA}, {@link Device#SENSOR}; null for all), in id order. */
    public List<String> deviceIds(String kind) {
        return devices.values().stream().filter(d -> kind == null || kind.equals(d.kind())).map(Device::id).toList();
    }

    /**
     * The CAP 1.2 area of a zone: its name, and where the registry has them a circle of the
     * zone's area around its centre and its polygon. A zone the registry does not have, or whose
     * coordinates CAP cannot carry (a polygon that is not closed, a latitude out of range), is
     * named only: a bad row must not stop an alert from going out.
     */
    public CapArea capArea(String zoneId) {
        Zone z = zones.get(zoneId);
        if (z == null) {
            return CapArea.of(zoneId);
        }
        String desc = z.name() == null || z.name().isBlank() ? zoneId : z.name() + " (" + zoneId + ")";
        try {
            boolean centre = z.latitude() != null && z.longitude() != null && z.areaM2() != null;
            CapArea circle = centre ? CapArea.around(desc, z.latitude(), z.longitude(), z.areaM2()) : CapArea.of(desc);
            return new CapArea(desc, circle.lat(), circle.lon(), circle.radiusKm(), z.polygon());
        } catch (IllegalArgumentException e) {
            return CapArea.of(desc);
        }
    }
}
