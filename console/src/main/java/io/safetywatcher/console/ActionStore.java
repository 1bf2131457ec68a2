package io.safetywatcher.console;

import io.safetywatcher.store.registry.RegistryTable;
import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import java.time.Instant;
import java.util.UUID;

/**
 * The operators' tables as the action service writes them, with its own role (watcher_actions):
 * alert_actions (008_operator_actions.cql), the silences and silence_actions (010). The only code that writes them;
 * every statement is prepared and takes the request's values as bound values only.
 */
final class ActionStore {
    private final CqlSession session;
    private final ConsistencyLevel writeConsistency;
    private final PreparedStatement alertExists;
    private final RegistryTable registry;
    private final PreparedStatement act;
    private final PreparedStatement silence;
    private final PreparedStatement silenceByZone;
    private final PreparedStatement silenceRow;
    private final PreparedStatement endSilence;
    private final PreparedStatement dropSilenceByZone;
    private final PreparedStatement silenceAction;

    ActionStore(CqlSession session, ConsistencyLevel writeConsistency) {
        this.session = session;
        this.writeConsistency = writeConsistency;
        this.alertExists = session.prepare("SELECT alert_id FROM alerts_by_id WHERE alert_id = ?");
        this.registry = new RegistryTable(session, session.getKeyspace().map(k -> k.asCql(true))
                .orElseThrow(() -> new IllegalStateException("the action service's session has no keyspace")));
        this.act = session.prepare("INSERT INTO alert_actions (alert_id, action_id, kind, actor, acted_at, note, false_alarm) "
                + "VALUES (?, now(), ?, ?, ?, ?, ?)");
        this.silence = session.prepare("INSERT INTO silences (silence_id, zone_id, alert_type, starts_at, ends_at, reason, created_by, "
                + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        this.silenceByZone = session.prepare("INSERT INTO silences_by_zone (zone_id, ends_at, silence_id, alert_type, starts_at, reason) "
                + "VALUES (?, ?, ?, ?, ?, ?)");
        this.silenceRow = session.prepare("SELECT zone_id, alert_type, starts_at, ends_at, reason FROM silences WHERE silence_id = ?");
        this.endSilence = session.prepare("UPDATE silences SET ends_at = ? WHERE silence_id = ?");
        this.dropSilenceByZone = session.prepare("DELETE FROM silences_by_zone WHERE zone_id = ? AND ends_at = ? AND silence_id = ?");
        this.silenceAction = session.prepare("INSERT INTO silence_actions (silence_id, action_id, kind, actor, acted_at) VALUES (?, now(), ?, ?, ?)");
    }

    boolean alertExists(String id) { return session.execute(alertExists.bind(id)).one() != null; }

    boolean zoneExists(String zone) { return registry.zone(zone).isPresent(); }

    /** Appends the action; the machine state (FIRING/RESOLVED) and the job's alert tables stay the job's. */
    void act(ActionRequest.OnAlert a, String actor, Instant at) {
        session.execute(act.bind(a.alertId(), a.kind().id(), actor, at, a.note(), a.falseAlarm()).setConsistencyLevel(writeConsistency));
    }

    /** Writes the silence to both tables in one logged batch, so the job never sees half of it. */
    UUID silence(ActionRequest.NewSilence s, String actor, Instant now) {
        UUID id = UUID.randomUUID();
        String type = s.type() == null ? null : s.type().id();
        session.execute(BatchStatement.newInstance(BatchType.LOGGED,
                silence.bind(id, s.zone(), type, s.startsAt(), s.endsAt(), s.reason(), actor, now),
                silenceByZone.bind(s.zone(), s.endsAt(), id, type, s.startsAt(), s.reason())).setConsistencyLevel(writeConsistency));
        return id;
    }

    /**
     * Ends a silence now: its end moves in both tables (silences_by_zone keys on it, so its row
     * is replaced) and the action is appended to silence_actions, in one logged batch.
     */
    void expire(ActionRequest.ExpireSilence e, String actor, Instant now) {
        Row r = session.execute(silenceRow.bind(e.silenceId())).one();
        if (r == null || r.getString("zone_id") == null) {
            throw new Refused(404, "no silence with id " + e.silenceId());
        }
        Instant ends = r.getInstant("ends_at");
        if (ends != null && !ends.isAfter(now)) {
            throw new Refused(409, "silence " + e.silenceId() + " already ended at " + ends);
        }
        BatchStatement batch = BatchStatement.newInstance(BatchType.LOGGED,
                endSilence.bind(now, e.silenceId()),
                silenceByZone.bind(r.getString("zone_id"), now, e.silenceId(), r.getString("alert_type"), r.getInstant("starts_at"),
                        r.getString("reason")),
                silenceAction.bind(e.silenceId(), "expire", actor, now));
        if (ends != null) {
            batch = batch.add(dropSilenceByZone.bind(r.getString("zone_id"), ends, e.silenceId()));
        }
        session.execute(batch.setConsistencyLevel(writeConsistency));
    }
}
