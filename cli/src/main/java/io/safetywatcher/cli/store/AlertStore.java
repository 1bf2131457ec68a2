package io.safetywatcher.cli.store;

import com.datastax.oss.driver.api.core.CqlSession;
import io.safetywatcher.store.DayPartitions;
import io.safetywatcher.store.actions.ActionTables;
import io.safetywatcher.store.alerts.AlertTables;
import io.safetywatcher.store.suppressions.SuppressionTables;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The alerts as the CLI reads them: the alert tables, the operators' actions folded over each
 * alert, what was suppressed and the silences, through their owners (which hold the CQL). It
 * writes nothing: operators' actions go through the action service (the console module).
 */
public final class AlertStore {
    private final AlertTables alerts;
    private final SuppressionTables suppressions;
    private final ActionTables actions;

    public AlertStore(CqlSession session, String keyspace) {
        this.alerts = new AlertTables(session, keyspace);
        this.suppressions = new SuppressionTables(session, keyspace);
        this.actions = new ActionTables(session, keyspace);
    }

    /** Newest first, one day partition at a time, until {@code limit} matches. */
    public List<AlertTables.Listed> list(AlertTables.Filter f, int limit, BooleanSupplier cancelled) {
        return alerts.list(f, limit, cancelled);
    }

    /** What silences, inhibitions and cooldowns held back in the period, newest first. */
    public List<SuppressionTables.Suppressed> suppressed(AlertTables.Filter f, int limit, BooleanSupplier cancelled) {
        return suppressions.suppressed(f, limit, cancelled);
    }

    /** What one alert (by inhibition or its cooldown) or one silence held back, newest first. */
    public List<SuppressionTables.Suppressed> suppressedBy(String cause) { return suppressions.suppressedBy(cause); }

    /** The alert with its operators' actions folded in. */
    public Optional<AlertTables.Full> byId(String id) { return alerts.stored(id).map(a -> a.with(actions(id))); }

    /** The alert's actions, oldest first; a kind this CLI does not know is left out. */
    public List<ActionTables.Action> actions(String id) { return actions.actions(id); }

    public List<AlertTables.Event> events(String id) { return alerts.events(id); }

    public List<AlertTables.EvidenceFrame> evidence(String id) { return alerts.evidence(id); }

    /** Silences of a zone (or every zone) that have not ended. */
    public List<ActionTables.Silence> activeSilences(String zone, Instant now) { return actions.activeSilences(zone, now); }

    public static LocalDate day(Instant t) { return DayPartitions.day(t); }
}
