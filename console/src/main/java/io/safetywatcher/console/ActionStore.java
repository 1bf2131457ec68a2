package io.safetywatcher.console;

import io.safetywatcher.store.registry.RegistryTable;
import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.safetywatcher.store.actions.ActionTables;
import io.safetywatcher.store.alerts.AlertTables;

import java.time.Instant;
import java.util.UUID;

/**
 * The operators' tables as the action service writes them, with its own role (watcher_actions):
 * alert_actions, the silences and silence_actions, through their owner {@link ActionTables}
 * (which holds the CQL). The service is the only code that writes them; what it may do, and
 * the checks before a write (the alert exists, the silence has not ended), stay here. Public so
 * that the web console (a sub-package) acts through this same code as the CLI's requests.
 */
public final class ActionStore {
    private final CqlSession session;
    private final ConsistencyLevel writeConsistency;
    private final AlertTables alerts;
    private final ActionTables actions;
    private final RegistryTable registry;

    public ActionStore(CqlSession session, String keyspace, ConsistencyLevel writeConsistency) {
        this.session = session;
        this.writeConsistency = writeConsistency;
        this.alerts = new AlertTables(session, keyspace);
        this.actions = new ActionTables(session, keyspace);
        this.registry = new RegistryTable(session, keyspace);
    }

    public boolean alertExists(String id) { return alerts.exists(id); }

    public boolean zoneExists(String zone) { return registry.zone(zone).isPresent(); }

    /** Appends the action; the machine state (FIRING/RESOLVED) and the job's alert tables stay the job's. */
    public void act(ActionRequest.OnAlert a, String actor, Instant at) {
        session.execute(actions.act(a.alertId(), a.action(actor, at)).setConsistencyLevel(writeConsistency));
    }

    /** Writes the silence to both tables in one logged batch, so the job never sees half of it. */
    public UUID silence(ActionRequest.NewSilence s, String actor, Instant now) {
        UUID id = UUID.randomUUID();
        String type = s.type() == null ? null : s.type().id();
        session.execute(actions.newSilence(new ActionTables.Silence(id, s.zone(), type, s.startsAt(), s.endsAt(), s.reason()), actor, now)
                .setConsistencyLevel(writeConsistency));
        return id;
    }

    /** Ends a silence now, refusing one that does not exist or has already ended. */
    public void expire(ActionRequest.ExpireSilence e, String actor, Instant now) {
        ActionTables.Silence s = actions.silence(e.silenceId()).filter(x -> x.zone() != null)
                .orElseThrow(() -> new Refused(404, "no silence with id " + e.silenceId()));
        if (s.endsAt() != null && !s.endsAt().isAfter(now)) {
            throw new Refused(409, "silence " + e.silenceId() + " already ended at " + s.endsAt());
        }
        session.execute(actions.expire(s, actor, now).setConsistencyLevel(writeConsistency));
    }
}
