package io.safetywatcher.cli.shell;

import io.safetywatcher.cli.Connections;
import io.safetywatcher.cli.store.AlertStore;
import io.safetywatcher.store.registry.Registry;
import io.safetywatcher.store.alerts.AlertTables;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The ids the shell completes (zones, cameras, sensors, recent alerts), read from the store and
 * kept for a few seconds so completion stays fast while typing. A store that cannot be reached
 * completes nothing rather than failing the prompt.
 */
final class LiveValues {
    private static final long TTL_MS = 10_000;
    private final Connections connections;
    private Registry registry;
    private List<String> alertIds = List.of();
    private long loadedAt;

    LiveValues(Connections connections) {
        this.connections = connections;
    }

    synchronized List<String> zones() { return load() ? registry.zoneIds() : List.of(); }

    synchronized List<String> devices(String kind) { return load() ? registry.deviceIds(kind) : List.of(); }

    synchronized List<String> alertIds() { return load() ? alertIds : List.of(); }

    private boolean load() {
        if (registry != null && System.currentTimeMillis() - loadedAt < TTL_MS) {
            return true;
        }
        try {
            var session = connections.cassandra();
            registry = connections.registry().read();
            List<String> ids = new ArrayList<>();
            LocalDate today = AlertStore.day(Instant.now());
            AlertTables alerts = new AlertTables(session, connections.keyspace());
            for (LocalDate d : List.of(today, today.minusDays(1))) {
                ids.addAll(alerts.idsOf(d, 200));
            }
            alertIds = List.copyOf(ids);
            loadedAt = System.currentTimeMillis();
            return true;
        } catch (RuntimeException e) {
            return registry != null;
        }
    }
}
