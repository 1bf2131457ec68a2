package io.safetywatcher.cli.eval;

import io.safetywatcher.store.registry.RegistryTable;
import io.safetywatcher.store.registry.Device;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.safetywatcher.common.event.AlertType;

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
        PreparedStatement byDay = session.prepare("SELECT alert_id, type, zone_id, started_at, ended_at FROM " + keyspace
                + ".alerts_by_day WHERE day = ? AND started_at >= ? AND started_at < ?");
        PreparedStatement events = session.prepare("SELECT event_ts, state FROM " + keyspace + ".alert_events_by_alert WHERE alert_id = ?");
        List<RaisedAlert> out = new ArrayList<>();
        LocalDate last = LocalDate.ofInstant(until, ZoneOffset.UTC);
        for (LocalDate day = LocalDate.ofInstant(from, ZoneOffset.UTC); !day.isAfter(last); day = day.plusDays(1)) {
            for (Row r : session.execute(byDay.bind(day, from, until))) {
                String id = r.getString("alert_id");
                String typeId = r.getString("type");
                AlertType type = AlertType.fromId(typeId)
                        .orElseThrow(() -> new IllegalStateException("alert " + id + " has an unknown type '" + typeId + "'"));
                Instant started = r.getInstant("started_at");
                Instant fired = started;
                int n = 0;
                for (Row e : session.execute(events.bind(id))) {
                    n++;
                    if ("FIRING".equals(e.getString("state"))) {
                        fired = e.getInstant("event_ts");
                    }
                }
                out.add(new RaisedAlert(id, type, r.getString("zone_id"), started, fired, r.getInstant("ended_at"), n));
            }
        }
        return out;
    }

    /** The cameras of the registry ({@code devices}), for false alarms per camera-hour. */
    public int cameras() {
        return (int) new RegistryTable(session, keyspace).devices().stream().filter(Device::camera).count();
    }
}
