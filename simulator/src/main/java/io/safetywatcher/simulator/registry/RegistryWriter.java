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
import io.safetywatcher.store.registry.RegistryTable;
import io.safetywatcher.store.registry.Zone;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the simulated city to the registry (through {@link RegistryTable}) so the jobs can join
 * readings and frames to zones, areas and hours. Cameras carry the mounting the renderer really
 * uses ({@link CameraGeometry}), so the detector's geometry is the registry's, not a copy.
 * Upserts: writing the same city twice changes nothing.
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

    /** The city's cameras and sensors as registry rows. */
    public static List<Device> devices(City city, Instant updatedAt) {
        List<Device> out = new ArrayList<>();
        Device.Mounting mounting = new Device.Mounting(CameraGeometry.CAMERA_HEIGHT_M, CameraGeometry.HORIZON_SHARE);
        for (Camera c : city.cameras()) {
            out.add(Device.camera(c.id(), c.zoneId(), c.viewAreaM2(), c.width(), c.height(), c.fps(), mounting, updatedAt));
        }
        for (Sensor s : city.sensors()) {
            out.add(Device.sensor(s.id(), s.zoneId(), s.type().id(), (int) s.period().toMillis(), s.type().unit(), updatedAt));
        }
        return out;
    }

    /** @return how many devices were written, each at the given consistency */
    public static int write(CqlSession session, String keyspace, City city, Instant updatedAt, ConsistencyLevel consistency) {
        RegistryTable registry = new RegistryTable(session, keyspace, consistency);
        zones(city, updatedAt).forEach(registry::write);
        List<Device> devices = devices(city, updatedAt);
        registry.writeAll(devices);
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
