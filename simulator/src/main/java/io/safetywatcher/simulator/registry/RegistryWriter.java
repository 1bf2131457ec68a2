package io.safetywatcher.simulator.registry;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.cql.CqlSessions;
import io.safetywatcher.simulator.city.Camera;
import io.safetywatcher.simulator.city.City;
import io.safetywatcher.simulator.city.Sensor;
import io.safetywatcher.simulator.scene.CameraGeometry;
import io.safetywatcher.store.registry.Device;
import io.safetywatcher.store.registry.RegistryPlan;
import io.safetywatcher.store.registry.RegistryTable;
import io.safetywatcher.store.registry.Zone;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the simulated city to the registry (through {@link RegistryTable}) so the jobs can join
 * readings and frames to zones, areas and hours. Cameras carry the mounting the renderer really
 * uses ({@link CameraGeometry}), so the detector's geometry is the registry's, not a copy.
 * Through {@link RegistryPlan}, as {@code ./watcher registry apply} writes a city file: only rows
 * that differ are written, and writing the same city twice changes nothing.
 */
public final class RegistryWriter {
    private RegistryWriter() {}

    public static CqlSession open(WatcherConfig config) {
        return CqlSessions.builder(config).build();
    }

    /** The city's zones as registry rows. */
    public static List<Zone> zones(City city, Instant updatedAt) {
        List<Zone> out = new ArrayList<>();
        for (io.safetywatcher.simulator.city.Zone z : city.zones()) {
            out.add(new Zone(z.id(), z.name(), z.kind().id(), z.areaM2(), z.hours() == null ? null : z.hours().toString(),
                    city.timezone().getId(), z.importance(), z.capacity(), z.latitude(), z.longitude(), null, updatedAt));
        }
        return out;
    }

    /** The city's cameras and sensors as registry rows, each placed around its zone's centre when the zone has one. */
    public static List<Device> devices(City city, Instant updatedAt) {
        List<Device> out = new ArrayList<>();
        Device.Mounting mounting = new Device.Mounting(CameraGeometry.CAMERA_HEIGHT_M, CameraGeometry.HORIZON_SHARE);
        for (Camera c : city.cameras()) {
            out.add(Device.camera(c.id(), c.zoneId(), c.viewAreaM2(), c.width(), c.height(), c.fps(), mounting, updatedAt));
        }
        for (Sensor s : city.sensors()) {
            out.add(Device.sensor(s.id(), s.zoneId(), s.type().id(), (int) s.period().toMillis(), s.type().unit(), updatedAt));
        }
        return placed(out, city.zones());
    }

    /** Nearest and farthest a device is drawn from its zone's centre, metres: apart on a plan, still inside a square or a station. */
    static final double NEAREST_M = 30;
    static final double FARTHEST_M = 60;
    private static final double METRES_PER_DEGREE = 111_320;

    /**
     * The devices with a position on the plan: a zone's devices, in id order, go round a circle
     * about its centre at even angles, their distance stepping between {@link #NEAREST_M} and
     * {@link #FARTHEST_M} so neighbours do not overlap. The city file places zones, not devices,
     * so this is a deterministic spread (the same city gives the same plan), not a survey.
     * A device whose zone has no centre stays unplaced.
     */
    static List<Device> placed(List<Device> devices, List<io.safetywatcher.simulator.city.Zone> zones) {
        java.util.Map<String, io.safetywatcher.simulator.city.Zone> byId = new java.util.HashMap<>();
        zones.forEach(z -> byId.put(z.id(), z));
        java.util.Map<String, List<String>> idsOfZone = new java.util.HashMap<>();
        devices.forEach(d -> idsOfZone.computeIfAbsent(d.zone(), k -> new ArrayList<>()).add(d.id()));
        idsOfZone.values().forEach(java.util.Collections::sort);
        List<Device> out = new ArrayList<>();
        for (Device d : devices) {
            io.safetywatcher.simulator.city.Zone z = byId.get(d.zone());
            if (z == null || z.latitude() == null || z.longitude() == null) {
                out.add(d);
                continue;
            }
            List<String> ids = idsOfZone.get(d.zone());
            int i = ids.indexOf(d.id());
            double angle = 2 * Math.PI * i / ids.size();
            double r = NEAREST_M + (FARTHEST_M - NEAREST_M) * (i % 3) / 2.0;
            double lat = z.latitude() + r * Math.cos(angle) / METRES_PER_DEGREE;
            double lon = z.longitude() + r * Math.sin(angle) / (METRES_PER_DEGREE * Math.cos(Math.toRadians(z.latitude())));
            out.add(d.at(lat, lon));
        }
        return out;
    }

    /** @return how many devices were written, each at the given consistency */
    public static int write(CqlSession session, String keyspace, City city, Instant updatedAt, ConsistencyLevel consistency) {
        RegistryTable registry = new RegistryTable(session, keyspace, consistency);
        List<Device> devices = devices(city, updatedAt);
        // As ./watcher registry apply does: only what differs from the registry is written.
        RegistryPlan.of(registry.read(), zones(city, updatedAt), devices).apply(registry);
        return devices.size();
    }

    /** Opens, writes, closes; a clear message when Cassandra is not there. */
    public static int write(WatcherConfig config, City city, Instant updatedAt) {
        try (CqlSession s = open(config)) {
            return write(s, config.get("cassandra.keyspace"), city, updatedAt,
                    DefaultConsistencyLevel.valueOf(config.get("cassandra.consistency.write")));
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot write the registry to Cassandra at " + config.get("cassandra.host") + ":"
                    + config.get("cassandra.port") + " (" + e.getMessage() + "); start it with ./watcher stack up, or pass --no-registry", e);
        }
    }
}
