package io.safetywatcher.cli.store;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.safetywatcher.cli.Inputs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The zones and devices as stored (small tables, read whole), and the checks that use them. */
public final class Registry {
    public record Zone(String id, String name, String kind, Double areaM2, String openingHours, String timezone, Integer importance,
                       Integer capacity) {}

    public record Device(String id, String zone, String kind, String sensorType, Double viewAreaM2, String unit) {}

    private final Map<String, Zone> zones = new TreeMap<>();
    private final Map<String, Device> devices = new TreeMap<>();

    private Registry() {}

    public static Registry read(CqlSession session) {
        Registry r = new Registry();
        for (Row row : session.execute("SELECT zone_id, name, kind, area_m2, opening_hours, timezone, importance, capacity FROM zones")) {
            r.zones.put(row.getString("zone_id"), new Zone(row.getString("zone_id"), row.getString("name"), row.getString("kind"),
                    row.get("area_m2", Double.class), row.getString("opening_hours"), row.getString("timezone"),
                    row.get("importance", Integer.class), row.get("capacity", Integer.class)));
        }
        for (Row row : session.execute("SELECT device_id, zone_id, device_kind, sensor_type, view_area_m2, unit FROM devices")) {
            r.devices.put(row.getString("device_id"), new Device(row.getString("device_id"), row.getString("zone_id"),
                    row.getString("device_kind"), row.getString("sensor_type"), row.get("view_area_m2", Double.class), row.getString("unit")));
        }
        return r;
    }

    public List<Zone> zones() { return List.copyOf(zones.values()); }

    public List<Device> devices() { return List.copyOf(devices.values()); }

    public List<String> zoneIds() { return List.copyOf(zones.keySet()); }

    public List<String> deviceIds(String kind) {
        return devices.values().stream().filter(d -> kind == null || kind.equals(d.kind())).map(Device::id).toList();
    }

    public Zone requireZone(String flag, String id) {
        Zone z = zones.get(id);
        if (z == null) {
            throw Inputs.unknown(flag, "zone", id, zoneIds());
        }
        return z;
    }

    /** A device of this kind ("camera" or "sensor"). */
    public Device requireDevice(String kind, String id) {
        Device d = devices.get(id);
        if (d == null || !kind.equals(d.kind())) {
            List<String> known = new ArrayList<>(deviceIds(kind));
            throw Inputs.unknown(null, kind, id, known);
        }
        return d;
    }
}
