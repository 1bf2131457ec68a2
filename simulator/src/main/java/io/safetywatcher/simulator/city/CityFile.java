package io.safetywatcher.simulator.city;

import io.safetywatcher.common.config.ConfigException;
import io.safetywatcher.common.event.OpeningHours;

import io.safetywatcher.common.event.SensorType;
import io.safetywatcher.shell.file.FileProblem;
import io.safetywatcher.shell.file.LocatedNode;
import io.safetywatcher.shell.file.LocatedReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a city file (YAML or JSON): {@code name}, {@code timezone}, {@code zones},
 * {@code cameras}, {@code sensors}. Every mistake names its line and field.
 */
public final class CityFile {
    public static final String DEFAULT = "default";
    private static final String DEFAULT_RESOURCE = "/cities/default-city.yaml";
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private CityFile() {}

    /** "default" for the shipped city, else a path. */
    public static City load(String nameOrPath) {
        if (DEFAULT.equals(nameOrPath)) {
            try (InputStream in = CityFile.class.getResourceAsStream(DEFAULT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(DEFAULT_RESOURCE + " is not on the classpath");
                }
                return parse("default-city.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path p = Path.of(nameOrPath);
        if (!Files.isRegularFile(p)) {
            throw new FileProblem(nameOrPath, 0, "", "no such file");
        }
        try {
            return parse(p.getFileName().toString(), Files.readString(p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read city file " + p, e);
        }
    }

    public static City parse(String fileName, String content) {
        LocatedNode root = LocatedReader.read(fileName, content).allowOnly("name", "timezone", "zones", "cameras", "sensors");
        String name = root.has("name") ? root.field("name").text() : fileName;
        ZoneId tz = ZoneId.of("UTC");
        if (root.has("timezone")) {
            LocatedNode n = root.field("timezone");
            try {
                tz = ZoneId.of(n.text());
            } catch (DateTimeException e) {
                throw n.problem("'" + n.text() + "' is not a time zone id like Europe/London");
            }
        }
        Set<String> ids = new HashSet<>();
        List<Zone> zones = new ArrayList<>();
        for (LocatedNode z : root.field("zones").list()) {
            zones.add(zone(z, ids));
        }
        if (zones.isEmpty()) {
            throw root.field("zones").problem("a city needs at least one zone");
        }
        Set<String> zoneIds = zones.stream().map(Zone::id).collect(Collectors.toSet());
        List<Camera> cameras = new ArrayList<>();
        if (root.has("cameras")) {
            for (LocatedNode c : root.field("cameras").list()) {
                c.allowOnly("id", "zone", "view_area_m2", "width", "height", "fps");
                cameras.add(new Camera(id(c, ids), zoneRef(c, zoneIds), c.field("view_area_m2").number(20, 2000),
                        c.has("width") ? c.field("width").integer(64, 4096) : 640,
                        c.has("height") ? c.field("height").integer(48, 4096) : 480,
                        c.has("fps") ? c.field("fps").number(0.1, 30) : 2.0));
            }
        }
        List<Sensor> sensors = new ArrayList<>();
        if (root.has("sensors")) {
            for (LocatedNode s : root.field("sensors").list()) {
                s.allowOnly("id", "zone", "type", "period");
                String id = id(s, ids);
                String zone = zoneRef(s, zoneIds);
                LocatedNode typeNode = s.field("type");
                SensorType type = SensorType.fromId(typeNode.text()).orElseThrow(() -> typeNode.problem("unknown sensor type '"
                        + typeNode.text() + "'; expected one of " + Arrays.stream(SensorType.values()).map(SensorType::id).toList()));
                Duration period = s.has("period") ? s.field("period").duration() : Duration.ofSeconds(10);
                if (period.compareTo(Duration.ofMillis(100)) < 0 || period.compareTo(Duration.ofHours(1)) > 0) {
                    throw s.field("period").problem("should be between 100ms and 1h");
                }
                sensors.add(new Sensor(id, zone, type, period));
            }
        }
        return new City(name, tz, zones, cameras, sensors);
    }

    private static Zone zone(LocatedNode z, Set<String> ids) {
        z.allowOnly("id", "name", "kind", "area_m2", "opening_hours", "importance", "capacity", "event_days", "event_start", "latitude",
                "longitude");
        String id = id(z, ids);
        LocatedNode kindNode = z.field("kind");
        ZoneKind kind = ZoneKind.fromId(kindNode.text()).orElseThrow(() -> kindNode.problem("unknown zone kind '"
                + kindNode.text() + "'; expected one of " + Arrays.stream(ZoneKind.values()).map(ZoneKind::id).toList()));
        OpeningHours hours = null;
        if (z.has("opening_hours")) {
            LocatedNode h = z.field("opening_hours");
            try {
                hours = OpeningHours.parse("opening_hours", h.text());
            } catch (ConfigException e) {
                throw h.problem(e.getMessage() + " (omit it for a zone that never closes)");
            }
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        if (z.has("event_days")) {
            for (LocatedNode d : z.field("event_days").list()) {
                try {
                    days.add(DayOfWeek.valueOf(d.text().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw d.problem("'" + d.text() + "' is not a day of the week");
                }
            }
        }
        var eventStart = z.has("event_start") ? z.field("event_start").localTime() : java.time.LocalTime.of(19, 30);
        return new Zone(id, z.has("name") ? z.field("name").text() : id, kind, z.field("area_m2").number(10, 10_000_000), hours,
                z.has("importance") ? z.field("importance").integer(1, 5) : 3,
                z.has("capacity") ? z.field("capacity").integer(1, 10_000_000) : 1000, days, eventStart,
                coordinate(z, "latitude", 90), coordinate(z, "longitude", 180));
    }

    /** A WGS84 degree, or null when absent; latitude and longitude come as a pair. */
    private static Double coordinate(LocatedNode z, String field, double bound) {
        String other = field.equals("latitude") ? "longitude" : "latitude";
        if (z.has(field) != z.has(other)) {
            throw z.field(z.has(field) ? field : other).problem("latitude and longitude come together (the zone's centre, WGS84 degrees)");
        }
        return z.has(field) ? z.field(field).number(-bound, bound) : null;
    }

    private static String id(LocatedNode n, Set<String> ids) {
        LocatedNode idNode = n.field("id");
        String id = idNode.text();
        if (!ID.matcher(id).matches()) {
            throw idNode.problem("'" + id + "' should be lower-case letters, digits and '-'");
        }
        if (!ids.add(id)) {
            throw idNode.problem("id '" + id + "' is used twice");
        }
        return id;
    }

    private static String zoneRef(LocatedNode n, Set<String> zoneIds) {
        LocatedNode z = n.field("zone");
        if (!zoneIds.contains(z.text())) {
            throw z.problem("unknown zone '" + z.text() + "'; zones are " + zoneIds.stream().sorted().toList());
        }
        return z.text();
    }
}
