package io.safetywatcher.store.registry;

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
}
