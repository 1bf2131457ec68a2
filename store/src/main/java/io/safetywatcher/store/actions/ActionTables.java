package io.safetywatcher.store.actions;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.safetywatcher.common.event.ActionKind;
import io.safetywatcher.common.event.Disposition;
import io.safetywatcher.store.Cql;
import io.safetywatcher.store.Prepared;
import io.safetywatcher.store.TableOwner;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What operators did (008_operator_actions.cql, 010_silence_actions.cql, 014_alert_dispositions.cql): actions on alerts,
 * the silences (by id and by zone) and who ended one early. The action service is the only
 * writer; the CLI and the alert job read. Action ids are server-made timeuuids, so actions are
 * appended, never overwritten.
 */
public final class ActionTables implements TableOwner {
    public static final String ALERT_ACTIONS = "alert_actions";
    public static final String SILENCES = "silences";
    public static final String SILENCES_BY_ZONE = "silences_by_zone";
    public static final String SILENCE_ACTIONS = "silence_actions";

    private static final Cql ACT = new Cql("INSERT INTO {ks}." + ALERT_ACTIONS + " (alert_id, action_id, kind, actor, acted_at, note,"
            + " false_alarm, assignee, disposition, category) VALUES (?, now(), ?, ?, ?, ?, ?, ?, ?, ?)");
    private static final Cql SILENCE = new Cql("INSERT INTO {ks}." + SILENCES + " (silence_id, zone_id, alert_type, starts_at, ends_at,"
            + " reason, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    private static final Cql SILENCE_BY_ZONE = new Cql("INSERT INTO {ks}." + SILENCES_BY_ZONE + " (zone_id, ends_at, silence_id,"
            + " alert_type, starts_at, reason) VALUES (?, ?, ?, ?, ?, ?)");
    private static final Cql END_SILENCE = new Cql("UPDATE {ks}." + SILENCES + " SET ends_at = ? WHERE silence_id = ?");
    private static final Cql DROP_SILENCE_BY_ZONE = new Cql("DELETE FROM {ks}." + SILENCES_BY_ZONE
            + " WHERE zone_id = ? AND ends_at = ? AND silence_id = ?");
    private static final Cql SILENCE_ACTION = new Cql("INSERT INTO {ks}." + SILENCE_ACTIONS + " (silence_id, action_id, kind, actor,"
            + " acted_at) VALUES (?, now(), ?, ?, ?)");

    private static final Cql ACTIONS_OF = new Cql("SELECT kind, actor, acted_at, note, false_alarm, assignee, disposition, category FROM {ks}." + ALERT_ACTIONS
            + " WHERE alert_id = ?");
    private static final Cql ONE_SILENCE = new Cql("SELECT silence_id, zone_id, alert_type, starts_at, ends_at, reason FROM {ks}." + SILENCES
            + " WHERE silence_id = ?");
    private static final Cql ALL_SILENCES = new Cql("SELECT silence_id, zone_id, alert_type, starts_at, ends_at, reason FROM {ks}." + SILENCES);
    private static final Cql ZONE_SILENCES = new Cql("SELECT silence_id, zone_id, alert_type, starts_at, ends_at, reason FROM {ks}."
            + SILENCES_BY_ZONE + " WHERE zone_id = ? AND ends_at > ?");

    /**
     * One row of alert_actions: who (the authenticated role) did what, when.
     *
     * @param falseAlarm  resolves only: the legacy flag, still written ({@link Disposition#falseAlarm}) for older readers
     * @param assignee    assigns only: who works on the alert; "" unassigns; null on other kinds
     * @param disposition resolves only: how it closed; on rows from before 014, derived from false_alarm; null when not said
     * @param category    resolves only: a short label of the disposition ("animal"); null when none
     */
    public record Action(Instant at, ActionKind kind, String actor, String note, boolean falseAlarm, String assignee,
                         Disposition disposition, String category) {
        /**
         * An action as a row holds it: a resolve without a disposition (written before 014, or
         * one that did not say) takes it from false_alarm, as every reader did before; a
         * disposition this version does not know reads as none.
         */
        public static Action stored(Instant at, ActionKind kind, String actor, String note, Boolean falseAlarm, String assignee,
                                    String disposition, String category) {
            Disposition d = disposition == null ? null : Disposition.of(disposition).orElse(null);
            if (d == null && disposition == null && kind == ActionKind.RESOLVE) {
                d = Disposition.fromFalseAlarm(falseAlarm);
            }
            return new Action(at, kind, actor, note, Boolean.TRUE.equals(falseAlarm), assignee, d, category);
        }
    }

    /** A silence as stored: {@code type} null mutes every type; {@code zone} null only in rows not written by the service. */
    public record Silence(UUID id, String zone, String type, Instant startsAt, Instant endsAt, String reason) {}

    private final Prepared p;

    public ActionTables(CqlSession session, String keyspace) {
        this.p = new Prepared(session, keyspace);
    }

    @Override
    public List<String> statements(String keyspace) { return Cql.declaredIn(ActionTables.class, keyspace); }

    /**
     * Appends an action on an alert. Only a resolve writes false_alarm (its disposition's, false
     * when it gave none, as before 014), disposition and category; only an assign writes assignee.
     */
    public BoundStatement act(String alertId, Action a) {
        boolean resolve = a.kind() == ActionKind.RESOLVE;
        return p.of(ACT).bind(alertId, a.kind().id(), a.actor(), a.at(), a.note(),
                resolve ? (Boolean) (a.disposition() != null ? a.disposition().falseAlarm() : a.falseAlarm()) : null,
                a.kind() == ActionKind.ASSIGN ? a.assignee() : null,
                resolve && a.disposition() != null ? a.disposition().id() : null,
                resolve ? a.category() : null);
    }

    /** The silence into both tables in one logged batch, so the job never sees half of it. */
    public BatchStatement newSilence(Silence s, String actor, Instant createdAt) {
        return BatchStatement.newInstance(BatchType.LOGGED,
                p.of(SILENCE).bind(s.id(), s.zone(), s.type(), s.startsAt(), s.endsAt(), s.reason(), actor, createdAt),
                byZone(s, s.endsAt()));
    }

    private BoundStatement byZone(Silence s, Instant endsAt) {
        return p.of(SILENCE_BY_ZONE).bind(s.zone(), endsAt, s.id(), s.type(), s.startsAt(), s.reason());
    }

    /**
     * Ends a stored silence at {@code now}: its end moves in both tables (silences_by_zone keys on
     * it, so its row is replaced) and the action is appended to silence_actions, in one logged batch.
     */
    public BatchStatement expire(Silence s, String actor, Instant now) {
        BatchStatement batch = BatchStatement.newInstance(BatchType.LOGGED,
                p.of(END_SILENCE).bind(now, s.id()),
                byZone(s, now),
                p.of(SILENCE_ACTION).bind(s.id(), "expire", actor, now));
        return s.endsAt() == null ? batch : batch.add(p.of(DROP_SILENCE_BY_ZONE).bind(s.zone(), s.endsAt(), s.id()));
    }

    /** The alert's actions, oldest first; a kind this version does not know is left out. */
    public List<Action> actions(String alertId) {
        List<Action> out = new ArrayList<>();
        for (Row r : p.session().execute(p.of(ACTIONS_OF).bind(alertId))) {
            ActionKind.of(r.getString("kind")).ifPresent(k -> out.add(Action.stored(r.getInstant("acted_at"), k, r.getString("actor"),
                    r.getString("note"), r.get("false_alarm", Boolean.class), r.getString("assignee"), r.getString("disposition"),
                    r.getString("category"))));
        }
        return out;
    }

    public Optional<Silence> silence(UUID id) {
        Row r = p.session().execute(p.of(ONE_SILENCE).bind(id)).one();
        return r == null ? Optional.empty() : Optional.of(silence(r));
    }

    /** Every stored silence, ended or not (the alert job filters what it obeys). */
    public List<Silence> silences() {
        List<Silence> out = new ArrayList<>();
        p.session().execute(p.of(ALL_SILENCES).bind()).forEach(r -> out.add(silence(r)));
        return out;
    }

    /** Silences of a zone (or of every zone) that have not ended at {@code now}. */
    public List<Silence> activeSilences(String zone, Instant now) {
        if (zone != null) {
            List<Silence> out = new ArrayList<>();
            p.session().execute(p.of(ZONE_SILENCES).bind(zone, now)).forEach(r -> out.add(silence(r)));
            return out;
        }
        return silences().stream().filter(s -> s.endsAt() != null && s.endsAt().isAfter(now)).toList();
    }

    static Silence silence(Row r) {
        return new Silence(r.getUuid("silence_id"), r.getString("zone_id"), r.getString("alert_type"), r.getInstant("starts_at"),
                r.getInstant("ends_at"), r.getString("reason"));
    }
}
