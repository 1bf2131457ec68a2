package io.safetywatcher.alertjob.registry;

import io.safetywatcher.store.analytics.AnalyticsTables;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.safetywatcher.alertjob.detect.HourlyNoise;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads the registry from Cassandra and keeps the snapshot for a refresh interval, so a device
 * registered while the job runs is picked up without a restart.
 */
public final class RegistryStore {
    private final Supplier<CqlSession> sessions;
    private final String keyspace;
    private final Duration refresh;
    private volatile Registry current = Registry.empty();

    public RegistryStore(Supplier<CqlSession> sessions, String keyspace, Duration refresh) {
        this.sessions = sessions;
        this.keyspace = keyspace;
        this.refresh = refresh;
    }

    /** The snapshot, reloaded first if it is older than the refresh interval. */
    public Registry get() {
        Registry r = current;
        if (System.currentTimeMillis() - r.loadedAtMillis() >= refresh.toMillis()) {
            synchronized (this) {
                if (System.currentTimeMillis() - current.loadedAtMillis() >= refresh.toMillis()) {
                    current = load();
                }
                r = current;
            }
        }
        return r;
    }

    /**
     * The snapshot after a reload, unless it was loaded less than {@code minAge} ago: for a
     * device the snapshot does not know, which may have been registered a moment ago.
     */
    public Registry reloaded(Duration minAge) {
        synchronized (this) {
            if (System.currentTimeMillis() - current.loadedAtMillis() >= minAge.toMillis()) {
                current = load();
            }
            return current;
        }
    }

    Registry load() {
        CqlSession s = sessions.get();
        Map<String, Registry.Device> devices = new HashMap<>();
        for (Row row : s.execute("SELECT device_id, zone_id, device_kind, sensor_type, view_area_m2, width, height FROM " + keyspace + ".devices")) {
            devices.put(row.getString("device_id"), new Registry.Device(row.getString("device_id"), row.getString("zone_id"),
                    row.getString("device_kind"), row.getString("sensor_type"), row.isNull("view_area_m2") ? 0 : row.getDouble("view_area_m2"),
                    row.isNull("width") ? 0 : row.getInt("width"), row.isNull("height") ? 0 : row.getInt("height")));
        }
        // The analytics job's per-zone, per-hour noise: the prior a sound sensor is judged by while it learns.
        Map<String, HourlyNoise> noise = new HashMap<>();
        for (AnalyticsTables.NoiseBaseline n : new AnalyticsTables(s, keyspace).noiseBaselines()) {
            if (n.meanDb() != null && n.stddevDb() != null) {
                noise.computeIfAbsent(n.zone(), k -> HourlyNoise.none()).with(n.hour(), n.meanDb(), n.stddevDb());
            }
        }
        Map<String, Registry.ZoneInfo> zones = new HashMap<>();
        for (Row row : s.execute("SELECT zone_id, kind, area_m2, opening_hours, timezone, importance FROM " + keyspace + ".zones")) {
            String id = row.getString("zone_id");
            zones.put(id, new Registry.ZoneInfo(id, row.getString("kind"),
                    row.isNull("area_m2") ? 0 : row.getDouble("area_m2"), row.getString("opening_hours"), row.getString("timezone"),
                    row.isNull("importance") ? 1 : row.getInt("importance"), noise.getOrDefault(id, HourlyNoise.none())));
        }
        return new Registry(devices, zones, System.currentTimeMillis());
    }
}
