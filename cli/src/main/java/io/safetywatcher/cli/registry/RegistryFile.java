package io.safetywatcher.cli.registry;

import io.safetywatcher.common.event.SensorType;
import io.safetywatcher.shell.file.FileProblem;
import io.safetywatcher.shell.file.LocatedNode;
import io.safetywatcher.shell.file.LocatedReader;
import io.safetywatcher.store.registry.Device;
import io.safetywatcher.store.registry.Zone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A city as operators write it for {@code ./watcher registry apply} (YAML):
 * <pre>
 * zones:
 *   - id: old-market                 # required; the other zone fields are optional
 *     name: Old Market square
 *     kind: market
 *     area_m2: 2500
 *     opening_hours: "07:00-22:00"   # local time; none: always open
 *     timezone: Europe/London
 *     importance: 3                  # 1..5
 *     capacity: 3000
 *     latitude: 51.512               # the zone's centre, WGS84
 *     longitude: -0.123
 * devices:
 *   - id: cam-market-01
 *     zone: old-market               # in this file or already registered
 *     kind: camera
 *     view_area_m2: 160
 *     width: 640
 *     height: 480
 *     fps: 2
 *     mounting: {height_m: 6.5, horizon_share: 0.2}
 *     stream: {url: "rtsp://10.0.0.7:554/ch0", kind: rtsp, max_fps: 2, credentials: "env:CAM_MARKET_01"}
 *   - id: snd-market-01
 *     zone: old-market
 *     kind: sensor
 *     sensor_type: sound_level
 *     sampling_period_ms: 10000
 *     unit: dB
 * </pre>
 * Every mistake is a {@link FileProblem} naming the file, line and field; nothing is written from
 * a file with a mistake in it.
 */
public final class RegistryFile {
    /** What the file holds, as registry rows. */
    public record City(List<Zone> zones, List<Device> devices) {}

    /** Opening hours as the registry holds them, local time: "07:00-22:00" (24:00 ends a day). */
    public static final java.util.regex.Pattern OPENING_HOURS = java.util.regex.Pattern.compile(
            "([01]\\d|2[0-3]):[0-5]\\d-([01]\\d|2[0-4]):[0-5]\\d");

    private RegistryFile() {}

    public static City read(Path file, Predicate<String> registeredZone, Instant updatedAt) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FileProblem(file.toString(), 0, "", "cannot be read: " + e.getMessage());
        }
        return parse(file.toString(), content, registeredZone, updatedAt);
    }

    /** @param registeredZone whether the registry already has a zone, for devices of zones the file does not list */
    public static City parse(String fileName, String content, Predicate<String> registeredZone, Instant updatedAt) {
        LocatedNode root = LocatedReader.read(fileName, content).allowOnly("zones", "devices");
        List<Zone> zones = new ArrayList<>();
        Map<String, LocatedNode> zoneAt = new HashMap<>();
        if (root.has("zones")) {
            for (LocatedNode z : root.field("zones").list()) {
                Zone zone = zone(z, updatedAt);
                if (zoneAt.putIfAbsent(zone.id(), z) != null) {
                    throw z.field("id").problem("zone '" + zone.id() + "' is listed twice (first on line " + zoneAt.get(zone.id()).line() + ")");
                }
                zones.add(zone);
            }
        }
        List<Device> devices = new ArrayList<>();
        Map<String, LocatedNode> deviceAt = new HashMap<>();
        if (root.has("devices")) {
            for (LocatedNode d : root.field("devices").list()) {
                Device device = device(d, updatedAt);
                if (deviceAt.putIfAbsent(device.id(), d) != null) {
                    throw d.field("id").problem("device '" + device.id() + "' is listed twice (first on line "
                            + deviceAt.get(device.id()).line() + ")");
                }
                if (!zoneAt.containsKey(device.zone()) && !registeredZone.test(device.zone())) {
                    throw d.field("zone").problem("zone '" + device.zone() + "' is neither in this file nor in the registry");
                }
                devices.add(device);
            }
        }
        return new City(zones, devices);
    }

    static Zone zone(LocatedNode z, Instant updatedAt) {
        z.allowOnly("id", "name", "kind", "area_m2", "opening_hours", "timezone", "importance", "capacity", "latitude", "longitude", "polygon");
        String tz = text(z, "timezone");
        if (tz != null) {
            try {
                ZoneId.of(tz);
            } catch (DateTimeException e) {
                throw z.field("timezone").problem("'" + tz + "' is not an IANA time zone such as Europe/London");
            }
        }
        String hours = text(z, "opening_hours");
        if (hours != null && !OPENING_HOURS.matcher(hours).matches()) {
            throw z.field("opening_hours").problem("'" + hours + "' is not HH:MM-HH:MM");
        }
        return new Zone(z.field("id").text(), text(z, "name"), text(z, "kind"), number(z, "area_m2", 0.01, 1e9), hours, tz,
                integer(z, "importance", 1, 5), integer(z, "capacity", 0, 100_000_000), number(z, "latitude", -90, 90),
                number(z, "longitude", -180, 180), text(z, "polygon"), updatedAt);
    }

    static Device device(LocatedNode d, Instant updatedAt) {
        String kind = d.field("kind").text();
        String id = d.field("id").text();
        String zone = d.field("zone").text();
        Device device;
        if (kind.equals(Device.CAMERA)) {
            d.allowOnly("id", "zone", "kind", "view_area_m2", "width", "height", "fps", "mounting", "stream", "latitude", "longitude");
            device = Device.camera(id, zone, number(d, "view_area_m2", 0.01, 1e7), integer(d, "width", 1, 8192), integer(d, "height", 1, 8192),
                    number(d, "fps", 0.01, 120), mounting(d.optional("mounting")), updatedAt).streaming(stream(d.optional("stream")));
        } else if (kind.equals(Device.SENSOR)) {
            d.allowOnly("id", "zone", "kind", "sensor_type", "sampling_period_ms", "unit", "latitude", "longitude");
            String type = d.field("sensor_type").text();
            if (SensorType.fromId(type).isEmpty()) {
                throw d.field("sensor_type").problem("'" + type + "' is not a sensor type; expected one of "
                        + java.util.Arrays.stream(SensorType.values()).map(SensorType::id).toList());
            }
            device = Device.sensor(id, zone, type, integer(d, "sampling_period_ms", 1, 86_400_000), text(d, "unit"), updatedAt);
        } else {
            throw d.field("kind").problem("'" + kind + "' is not a device kind; expected camera or sensor");
        }
        Double lat = number(d, "latitude", -90, 90);
        Double lon = number(d, "longitude", -180, 180);
        if ((lat == null) != (lon == null)) {
            throw d.problem("latitude and longitude go together: give both or neither");
        }
        return lat == null ? device : device.at(lat, lon);
    }

    private static Device.Mounting mounting(LocatedNode m) {
        if (m == null) {
            return null;
        }
        m.allowOnly("height_m", "horizon_share");
        return new Device.Mounting(m.field("height_m").number(0.1, 1000), m.field("horizon_share").number(-10, 1));
    }

    private static Device.Stream stream(LocatedNode s) {
        if (s == null) {
            return null;
        }
        s.allowOnly("url", "kind", "max_fps", "credentials");
        String url = s.field("url").text();
        String kind = s.field("kind").text();
        Double maxFps = s.has("max_fps") ? s.field("max_fps").number(0.01, Device.Stream.MAX_FPS) : null;
        String credentials = text(s, "credentials");
        String problem = new Device.Stream(url, kind, maxFps, credentials).problem();
        if (problem != null) {
            // The field the problem is about, so the line is that field's.
            String field = Set.of("kind", "url", "credentials").stream().filter(f -> problem.startsWith("stream " + f)).findFirst()
                    .orElse(problem.startsWith("stream max fps") ? "max_fps" : "url");
            throw s.field(field).problem(problem);
        }
        return new Device.Stream(url, kind, maxFps, credentials);
    }

    private static String text(LocatedNode n, String field) { return n.has(field) ? n.field(field).text() : null; }

    private static Double number(LocatedNode n, String field, double min, double max) {
        return n.has(field) ? n.field(field).number(min, max) : null;
    }

    private static Integer integer(LocatedNode n, String field, int min, int max) {
        return n.has(field) ? n.field(field).integer(min, max) : null;
    }
}
