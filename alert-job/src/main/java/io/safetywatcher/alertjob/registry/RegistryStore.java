package io.safetywatcher.alertjob.registry;

import io.safetywatcher.store.analytics.AnalyticsTables;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.safetywatcher.alertjob.detect.HourlyNoise;
import io.safetywatcher.alertjob.rules.ZoneFacts;
import io.safetywatcher.store.registry.Registry;
import io.safetywatcher.store.registry.RegistryTable;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The alert job's copy of the registry (read through {@link RegistryTable}), kept for a refresh
 * interval so a device registered while the job runs is picked up without a restart; with it,
 * what history says each zone usually sounds like. A failed re-read keeps the copy ({@link Refreshing}).
 */
public final class RegistryStore {
    private final Supplier<CqlSession> sessions;
    private final String keyspace;
    private final Refreshing<Loaded> current;

    /** One reading of the registry and of the zones' usual noise. */
    private record Loaded(Registry registry, Map<String, HourlyNoise> usualNoise) {}

    public RegistryStore(Supplier<CqlSession> sessions, String keyspace, Duration refresh) {
        this.sessions = sessions;
        this.keyspace = keyspace;
        this.current = new Refreshing<>("the device registry", this::load, refresh);
    }

    /** The snapshot, reloaded first if it is older than the refresh interval. */
    public Registry get() {
        return current.get().registry();
    }

    /** Every registered zone as the rules read it: the registry's facts and the zone's usual noise. */
    public Map<String, ZoneFacts> zoneFacts() {
        Loaded l = current.get();
        return ZoneFacts.allOf(l.registry(), l.usualNoise());
    }

    /**
     * The snapshot after a reload, unless it was loaded less than {@code minAge} ago: for a
     * device the snapshot does not know, which may have been registered a moment ago.
     */
    public Registry reloaded(Duration minAge) {
        return current.reread(minAge).registry();
    }

    Loaded load() {
        CqlSession s = sessions.get();
        Registry registry = new RegistryTable(s, keyspace).read();
        // The analytics job's per-zone, per-hour noise: the prior a sound sensor is judged by while it learns.
        Map<String, HourlyNoise> noise = new HashMap<>();
        for (AnalyticsTables.NoiseBaseline n : new AnalyticsTables(s, keyspace).noiseBaselines()) {
            if (n.meanDb() != null && n.stddevDb() != null) {
                noise.computeIfAbsent(n.zone(), k -> HourlyNoise.none()).with(n.hour(), n.meanDb(), n.stddevDb());
            }
        }
        return new Loaded(registry, noise);
    }
}
