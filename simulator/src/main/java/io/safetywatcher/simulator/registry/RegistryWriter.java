package io.safetywatcher.simulator.registry;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.cql.CqlSessions;
import io.safetywatcher.simulator.city.Camera;
import io.safetywatcher.simulator.city.City;
import io.safetywatcher.simulator.city.Sensor;
import io.safetywatcher.simulator.city.Zone;

import java.time.Instant;

/**
 * Writes the city's zones and devices to Cassandra (tables zones, devices, devices_by_zone of
 * 002_registry.cql) so the jobs can join readings and frames to zones, areas and hours.
 * Plain upserts with bound values: writing the same city twice changes nothing.
 */
public final class RegistryWriter {
    private RegistryWriter() {}

    public static CqlSession open(WatcherConfig config) {
        return CqlSessions.builder(config).build();
    }

    /** @return how many devices were written, each at the given consistency */
    public static int write(CqlSession session, String keyspace, City city, Instant updatedAt, ConsistencyLevel consistency) {
        PreparedStatement zone = session.prepare("INSERT INTO " + keyspace + ".zones (zone_id, name, kind, area_m2, opening_hours, "
                + "timezone, importance, capacity, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement device = session.prepare("INSERT INTO " + keyspace + ".devices (device_id, zone_id, device_kind, "
                + "sensor_type, view_area_m2, width, height, fps, sampling_period_ms, unit, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement byZone = session.prepare("INSERT INTO " + keyspace + ".devices_by_zone (zone_id, device_id, device_kind, "
                + "sensor_type) VALUES (?, ?, ?, ?)");
        for (Zone z : city.zones()) {
            session.execute(zone.bind(z.id(), z.name(), z.kind().id(), z.areaM2(), z.hours() == null ? null : z.hours().toString(),
                    city.timezone().getId(), z.importance(), z.capacity(), updatedAt).setConsistencyLevel(consistency));
        }
        int n = 0;
        for (Camera c : city.cameras()) {
            // One logged batch per device: the two tables never disagree about it.
            session.execute(BatchStatement.builder(BatchType.LOGGED)
                    .addStatement(device.bind(c.id(), c.zoneId(), c.kind(), null, c.viewAreaM2(), c.width(), c.height(), c.fps(),
                            null, null, updatedAt))
                    .addStatement(byZone.bind(c.zoneId(), c.id(), c.kind(), null))
                    .setConsistencyLevel(consistency).build());
            n++;
        }
        for (Sensor s : city.sensors()) {
            session.execute(BatchStatement.builder(BatchType.LOGGED)
                    .addStatement(device.bind(s.id(), s.zoneId(), s.kind(), s.type().id(), null, null, null, null,
                            (int) s.period().toMillis(), s.type().unit(), updatedAt))
                    .addStatement(byZone.bind(s.zoneId(), s.id(), s.kind(), s.type().id()))
                    .setConsistencyLevel(consistency).build());
            n++;
        }
        return n;
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
