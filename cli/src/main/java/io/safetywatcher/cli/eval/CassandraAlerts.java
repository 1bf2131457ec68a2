package io.safetywatcher.cli.eval;

import io.safetywatcher.store.registry.RegistryTable;
import io.safetywatcher.store.registry.Device;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;
import io.safetywatcher.alertjob.lifecycle.Suppression;
import io.safetywatcher.store.alerts.AlertTables;
import io.safetywatcher.store.suppressions.SuppressionTables;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Alerts from the alert tables: {@code alerts_by_day} for the alerts of each UTC day of the
 * window, {@code alert_events_by_alert} for when each one fired.
 */
public final class CassandraAlerts implements AlertSource {
    private final CqlSession session;
    private final String keyspace;

    public CassandraAlerts(CqlSession session, String keyspace) {
        this.session = session;
        this.keyspace = keyspace;
    }

    @Override
    public List<RaisedAlert> alerts(Instant from, Instant until) {
        AlertTables tables = new AlertTables(session, keyspace);
        List<RaisedAlert> out = new ArrayList<>();
        LocalDate last = LocalDate.ofInstant(until, ZoneOffset.UTC);
        for (LocalDate day = LocalDate.ofInstant(from, ZoneOffset.UTC); !day.isAfter(last); day = day.plusDays(1)) {
            for (AlertTables.Listed r : tables.startedOn(day, from, until)) {
                String id = r.id();
                String typeId = r.type();
                AlertType type = AlertType.fromId(typeId)
                        .orElseThrow(() -> new IllegalStateException("alert " + id + " has an unknown type '" + typeId + "'"));
                // The table lists an alert's events newest first.
                List<AlertSource.Step> steps = new ArrayList<>();
                for (AlertTables.Event e : tables.events(id)) {
                    AlertState state = AlertState.valueOf(e.state());
                    steps.add(0, new AlertSource.Step(state, e.at(), r.startedAt(), state == AlertState.RESOLVED ? e.at() : null));
                }
                if (steps.isEmpty()) {
                    out.add(new RaisedAlert(id, type, r.zone(), r.startedAt(), r.startedAt(), r.endedAt(), 0));
                } else {
                    out.addAll(AlertSource.episodes(id, type, r.zone(), steps));
                }
            }
        }
        return out;
    }

    /**
     * The conditions the job held back in [from, until) because another alert in their zone
     * covered them (inhibited), oldest first, from {@code suppressions_by_day}: for the scorer's
     * cover, and the demo's held-back lines.
     */
    public List<HeldBack> heldBack(Instant from, Instant until) {
        var filter = new AlertTables.Filter(null, null, null, null, from, until);
        String inhibited = Suppression.Reason.INHIBITED.name().toLowerCase(java.util.Locale.ROOT);
        List<HeldBack> out = new ArrayList<>();
        for (var x : new SuppressionTables(session, keyspace).suppressed(filter, Integer.MAX_VALUE, () -> false)) {
            var type = AlertType.fromId(x.type());
            var severity = Severity.fromId(x.severity());
            if (x.reason().equals(inhibited) && type.isPresent() && severity.isPresent()) {
                out.add(new HeldBack(type.get(), x.zone(), severity.get(), x.at(), x.by()));
            }
        }
        java.util.Collections.reverse(out); // the table gives newest first
        return out;
    }

    /** The cameras of the registry ({@code devices}), for false alarms per camera-hour. */
    public int cameras() {
        return (int) new RegistryTable(session, keyspace).devices().stream().filter(Device::camera).count();
    }
}
