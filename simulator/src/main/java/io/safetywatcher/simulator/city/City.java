package io.safetywatcher.simulator.city;

import io.safetywatcher.common.event.SensorType;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Zones and the devices that watch them, in file order (which is also emission order). */
public record City(String name, ZoneId timezone, List<Zone> zones, List<Camera> cameras, List<Sensor> sensors) {
    public City {
        zones = List.copyOf(zones);
        cameras = List.copyOf(cameras);
        sensors = List.copyOf(sensors);
    }

    public Optional<Zone> zone(String id) { return zones.stream().filter(z -> z.id().equals(id)).findFirst(); }

    public Zone requireZone(String id) {
        return zone(id).orElseThrow(() -> new IllegalArgumentException("unknown zone '" + id + "'"));
    }

    public List<Camera> camerasIn(String zoneId) { return cameras.stream().filter(c -> c.zoneId().equals(zoneId)).toList(); }

    public List<Sensor> sensorsIn(String zoneId) { return sensors.stream().filter(s -> s.zoneId().equals(zoneId)).toList(); }

    public List<Sensor> sensorsIn(String zoneId, SensorType type) {
        return sensors.stream().filter(s -> s.zoneId().equals(zoneId) && s.type() == type).toList();
    }

    public List<Device> devices() {
        List<Device> all = new ArrayList<>(cameras);
        all.addAll(sensors);
        return all;
    }

    public Map<String, Device> devicesById() {
        Map<String, Device> m = new LinkedHashMap<>();
        devices().forEach(d -> m.put(d.id(), d));
        return m;
    }
}
