package io.safetywatcher.store.alerts;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.Row;
import io.safetywatcher.common.event.ActionKind;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Disposition;
import io.safetywatcher.common.event.Severity;
import io.safetywatcher.store.Cql;
import io.safetywatcher.store.DayPartitions;
import io.safetywatcher.store.Prepared;
import io.safetywatcher.store.TableOwner;
import io.safetywatcher.store.actions.ActionTables.Action;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The alert tables (004_alerts.cql): one alert by id, the day and zone-day lists, its
 * lifecycle events and its evidence frames. The alert sink writes them (upserts on the
 * deterministic id); the CLI, the evaluation and the action service read them.
 */
public final class AlertTables implements TableOwner {
    public static final String BY_ID = "alerts_by_id";
    public static final String BY_DAY = "alerts_by_day";
    public static final String BY_ZONE_DAY = "alerts_by_zone_day";
    public static final String EVENTS = "alert_events_by_alert";
    public static final String EVIDENCE = "evidence_frames";

    private static final String LISTED = "day, started_at, alert_id, type, category, severity, state, zone_id, summary, score, ended_at";

    private static final Cql WRITE_BY_ID = new Cql("INSERT INTO {ks}." + BY_ID + " (alert_id, fingerprint, type, category, severity, state,"
            + " zone_id, devices, started_at, updated_at, ended_at, score, summary, evidence, rule_version, model) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    private static final Cql WRITE_BY_DAY = new Cql("INSERT INTO {ks}." + BY_DAY + " (day, started_at, alert_id, type, category, severity,"
            + " state, zone_id, summary, score, ended_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    private static final Cql WRITE_BY_ZONE_DAY = new Cql("INSERT INTO {ks}." + BY_ZONE_DAY + " (zone_id, day, started_at, alert_id, type,"
            + " category, severity, state, summary, score, ended_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    private static final Cql WRITE_EVENT = new Cql("INSERT INTO {ks}." + EVENTS + " (alert_id, event_ts, state, severity, score, summary,"
            + " batch_id) VALUES (?,?,?,?,?,?,?)");
    private static final Cql WRITE_EVIDENCE = new Cql("INSERT INTO {ks}." + EVIDENCE + " (alert_id, camera_id, ts, jpeg, boxes) VALUES (?,?,?,?,?)");

    private static final Cql LIST_DAY = new Cql("SELECT " + LISTED + " FROM {ks}." + BY_DAY + " WHERE day = ? AND started_at >= ? AND started_at < ?");
    private static final Cql LIST_ZONE_DAY = new Cql("SELECT " + LISTED + " FROM {ks}." + BY_ZONE_DAY
            + " WHERE zone_id = ? AND day = ? AND started_at >= ? AND started_at < ?");
    private static final Cql ONE = new Cql("SELECT * FROM {ks}." + BY_ID + " WHERE alert_id = ?");
    private static final Cql EXISTS = new Cql("SELECT alert_id FROM {ks}." + BY_ID + " WHERE alert_id = ?");
    private static final Cql EVENTS_OF = new Cql("SELECT event_ts, state, severity, score, summary, batch_id FROM {ks}." + EVENTS
            + " WHERE alert_id = ?");
    private static final Cql EVIDENCE_OF = new Cql("SELECT camera_id, ts, jpeg, boxes FROM {ks}." + EVIDENCE + " WHERE alert_id = ?");
    private static final Cql IDS_OF_DAY = new Cql("SELECT alert_id FROM {ks}." + BY_DAY + " WHERE day = ? LIMIT ?");
    private static final Cql DAYS_HELD = new Cql("SELECT day FROM {ks}." + BY_DAY + " WHERE day IN ? PER PARTITION LIMIT 1");
    private static final Cql STATES_OF_DAY = new Cql("SELECT state, severity FROM {ks}." + BY_DAY + " WHERE day = ?");

    /** One row of the day tables. */
    public record Listed(String id, Instant startedAt, String type, String category, String severity, String state, String zone,
                         String summary, Double score, Instant endedAt) {}

    /**
     * alerts_by_id: the alert and what people did with it (its own columns folded with {@link Action}s).
     *
     * @param assignee            who works on it now (the latest assign; null when nobody or unassigned)
     * @param disposition         how the latest resolve closed it (from false_alarm for rows older than 014); null when not resolved
     * @param dispositionCategory the latest resolve's category ("animal"); null when none ({@code category} is the alert's own)
     */
    public record Full(String id, String fingerprint, String type, String category, String severity, String state, String zone,
                       List<String> devices, Instant startedAt, Instant updatedAt, Instant endedAt, Double score, String summary,
                       List<String> evidence, String ruleVersion, boolean acknowledged, String ackBy, Instant ackAt, String ackNote,
                       boolean falseAlarm, String resolvedBy, String resolvedNote, String assignee, Disposition disposition,
                       String dispositionCategory) {

        /**
         * The alert as its actions leave it, oldest first: the first ack or resolve acknowledges
         * (unless alerts_by_id already recorded one, from before actions existed); the latest
         * resolve says how it was closed; the latest assign says who has it (an empty name: nobody).
         */
        public Full with(List<Action> actions) {
            boolean acked = acknowledged;
            String by = ackBy;
            Instant at = ackAt;
            String note = ackNote;
            boolean fa = falseAlarm;
            String resolver = resolvedBy;
            String resolution = resolvedNote;
            String who = assignee;
            Disposition how = disposition;
            String label = dispositionCategory;
            for (Action a : actions) {
                boolean closes = a.kind() == ActionKind.RESOLVE;
                if (!acked && (closes || a.kind() == ActionKind.ACK)) {
                    acked = true;
                    by = a.actor();
                    at = a.at();
                    note = closes ? null : a.note();
                }
                if (closes) {
                    fa = a.disposition() != null ? a.disposition().falseAlarm() : a.falseAlarm();
                    resolver = a.actor();
                    resolution = a.note();
                    how = a.disposition();
                    label = a.category();
                }
                if (a.kind() == ActionKind.ASSIGN) {
                    who = a.assignee() == null || a.assignee().isBlank() ? null : a.assignee();
                }
            }
            return new Full(id, fingerprint, type, category, severity, state, zone, devices, startedAt, updatedAt, endedAt, score, summary,
                    evidence, ruleVersion, acked, by, at, note, fa, resolver, resolution, who, how, label);
        }
    }

    public record Event(Instant at, String state, String severity, Double score, String summary, Long batchId) {}

    public record EvidenceFrame(String camera, Instant at, ByteBuffer jpeg, String boxes) {}

    /** What {@code alerts list} filters on; null means any. */
    public record Filter(String zone, AlertType type, Severity severity, AlertState state, Instant since, Instant until) {
        public boolean matches(Listed a) {
            return (type == null || type.id().equals(a.type())) && (severity == null || severity.id().equals(a.severity()))
                    && (state == null || state.name().equals(a.state()));
        }
    }

    /** The state and severity of one alert of a day's list, for counting. */
    public record StateOfDay(String state, String severity) {}

    private final Prepared p;

    public AlertTables(CqlSession session, String keyspace) {
        this.p = new Prepared(session, keyspace);
    }

    @Override
    public List<String> statements(String keyspace) { return Cql.declaredIn(AlertTables.class, keyspace); }

    /**
     * One alert event into every alert table, in one round trip. Unlogged: on a ring a logged
     * batch needs its batch log on two other live nodes, and while the failure detector has not
     * yet noticed a killed node every such batch timed out (the cluster drill's detect query
     * failed on it). The rows are upserts on the alert's id that a replayed micro-batch writes
     * again, so a half-written event is mended by the replay rather than prevented; idempotent,
     * so the driver may send it again to another coordinator.
     */
    public BatchStatement write(Alert a, long batchId) {
        LocalDate day = DayPartitions.day(a.startedAt());
        return BatchStatement.newInstance(DefaultBatchType.UNLOGGED,
                p.of(WRITE_BY_ID).bind(a.id(), a.fingerprint(), a.type().id(), a.category().id(), a.severity().id(), a.state().name(), a.zone(),
                        a.devices(), a.startedAt(), a.updatedAt(), a.endedAt(), a.score(), a.summary(), a.evidence(), a.ruleVersion(), a.model()),
                p.of(WRITE_BY_DAY).bind(day, a.startedAt(), a.id(), a.type().id(), a.category().id(), a.severity().id(), a.state().name(),
                        a.zone(), a.summary(), a.score(), a.endedAt()),
                p.of(WRITE_BY_ZONE_DAY).bind(a.zone(), day, a.startedAt(), a.id(), a.type().id(), a.category().id(), a.severity().id(),
                        a.state().name(), a.summary(), a.score(), a.endedAt()),
                p.of(WRITE_EVENT).bind(a.id(), a.updatedAt(), a.state().name(), a.severity().id(), a.score(), a.summary(), batchId))
                .setIdempotent(true);
    }

    public BoundStatement evidence(String alertId, String cameraId, Instant ts, byte[] jpeg, String boxesJson) {
        return p.of(WRITE_EVIDENCE).bind(alertId, cameraId, ts, ByteBuffer.wrap(jpeg), boxesJson);
    }

    /** Newest first, one day partition at a time, until {@code limit} match. */
    public List<Listed> list(Filter f, int limit, BooleanSupplier cancelled) {
        return DayPartitions.newestFirst(f.since(), f.until(), limit, cancelled,
                d -> p.session().execute(f.zone() == null ? p.of(LIST_DAY).bind(d, f.since(), f.until())
                        : p.of(LIST_ZONE_DAY).bind(f.zone(), d, f.since(), f.until())),
                AlertTables::listed, f::matches);
    }

    static Listed listed(Row r) {
        return new Listed(r.getString("alert_id"), r.getInstant("started_at"), r.getString("type"), r.getString("category"),
                r.getString("severity"), r.getString("state"), r.getString("zone_id"), r.getString("summary"),
                r.get("score", Double.class), r.getInstant("ended_at"));
    }

    /** The alert as the job stored it, its operators' actions not yet folded in. */
    public Optional<Full> stored(String id) {
        Row r = p.session().execute(p.of(ONE).bind(id)).one();
        return r == null ? Optional.empty() : Optional.of(full(r));
    }

    static Full full(Row r) {
        return new Full(r.getString("alert_id"), r.getString("fingerprint"), r.getString("type"), r.getString("category"),
                r.getString("severity"), r.getString("state"), r.getString("zone_id"), list(r, "devices"), r.getInstant("started_at"),
                r.getInstant("updated_at"), r.getInstant("ended_at"), r.get("score", Double.class), r.getString("summary"),
                list(r, "evidence"), r.getString("rule_version"), r.getBoolean("acknowledged"), r.getString("ack_by"),
                r.getInstant("ack_at"), r.getString("ack_note"), r.getBoolean("false_alarm"), r.getString("resolved_by"),
                r.getString("resolved_note"), null,
                // alerts_by_id has no disposition: a false_alarm it recorded before actions existed says it.
                Disposition.fromFalseAlarm(r.get("false_alarm", Boolean.class)), null);
    }

    private static List<String> list(Row r, String column) {
        List<String> l = r.getList(column, String.class);
        return l == null ? List.of() : l;
    }

    public boolean exists(String id) { return p.session().execute(p.of(EXISTS).bind(id)).one() != null; }

    /** The alert's lifecycle as published, newest first. */
    public List<Event> events(String id) {
        List<Event> out = new ArrayList<>();
        for (Row r : p.session().execute(p.of(EVENTS_OF).bind(id))) {
            out.add(new Event(r.getInstant("event_ts"), r.getString("state"), r.getString("severity"), r.get("score", Double.class),
                    r.getString("summary"), r.get("batch_id", Long.class)));
        }
        return out;
    }

    public List<EvidenceFrame> evidence(String id) {
        List<EvidenceFrame> out = new ArrayList<>();
        for (Row r : p.session().execute(p.of(EVIDENCE_OF).bind(id))) {
            out.add(new EvidenceFrame(r.getString("camera_id"), r.getInstant("ts"), r.getByteBuffer("jpeg"), r.getString("boxes")));
        }
        return out;
    }

    /** Which of these days Cassandra holds any alert of (one row read per day). */
    public java.util.Set<LocalDate> daysHeld(List<LocalDate> days) {
        java.util.Set<LocalDate> out = new java.util.TreeSet<>();
        for (Row r : p.session().execute(p.of(DAYS_HELD).bind(days))) {
            out.add(r.getLocalDate("day"));
        }
        return out;
    }

    /** The newest {@code limit} alert ids of a day (the shell completes them). */
    public List<String> idsOf(LocalDate day, int limit) {
        List<String> out = new ArrayList<>();
        for (Row r : p.session().execute(p.of(IDS_OF_DAY).bind(day, limit))) {
            out.add(r.getString("alert_id"));
        }
        return out;
    }

    /** Every alert of a day, its state and severity only. */
    public List<StateOfDay> statesOf(LocalDate day) {
        List<StateOfDay> out = new ArrayList<>();
        for (Row r : p.session().execute(p.of(STATES_OF_DAY).bind(day))) {
            out.add(new StateOfDay(r.getString("state"), r.getString("severity")));
        }
        return out;
    }

    /** Alerts that started on {@code day} within [from, until), in list order. */
    public List<Listed> startedOn(LocalDate day, Instant from, Instant until) {
        List<Listed> out = new ArrayList<>();
        for (Row r : p.session().execute(p.of(LIST_DAY).bind(day, from, until))) {
            out.add(listed(r));
        }
        return out;
    }
}
