package io.safetywatcher.cli.store;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.safetywatcher.common.event.ActionKind;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The alert tables (004_alerts.cql), the operators' actions (alert_actions of
 * 008_operator_actions.cql) and the silences as the CLI reads them. It writes nothing: operators'
 * actions go through the action service (the console module), the one write path. Every statement
 * is prepared and takes the operator's input as bound values only.
 */
public final class AlertStore {
    /** One row of the day tables. */
    public record Listed(String id, Instant startedAt, String type, String category, String severity, String state, String zone,
                         String summary, Double score, Instant endedAt) {}

    /** alerts_by_id: the alert and what people did with it (its own columns folded with {@link Action}s). */
    public record Full(String id, String fingerprint, String type, String category, String severity, String state, String zone,
                       List<String> devices, Instant startedAt, Instant updatedAt, Instant endedAt, Double score, String summary,
                       List<String> evidence, String ruleVersion, boolean acknowledged, String ackBy, Instant ackAt, String ackNote,
                       boolean falseAlarm, String resolvedBy, String resolvedNote) {

        /**
         * The alert as its actions leave it, oldest first: the first ack or resolve acknowledges
         * (unless alerts_by_id already recorded one, from before actions existed); the latest
         * resolve says how it was closed.
         */
        Full with(List<Action> actions) {
            Full f = this;
            for (Action a : actions) {
                boolean closes = a.kind() == ActionKind.RESOLVE;
                if (!f.acknowledged && (closes || a.kind() == ActionKind.ACK)) {
                    f = new Full(id, fingerprint, type, category, severity, state, zone, devices, startedAt, updatedAt, endedAt, score,
                            summary, evidence, ruleVersion, true, a.actor(), a.at(), closes ? null : a.note(), f.falseAlarm,
                            f.resolvedBy, f.resolvedNote);
                }
                if (closes) {
                    f = new Full(id, fingerprint, type, category, severity, state, zone, devices, startedAt, updatedAt, endedAt, score,
                            summary, evidence, ruleVersion, f.acknowledged, f.ackBy, f.ackAt, f.ackNote, a.falseAlarm(), a.actor(), a.note());
                }
            }
            return f;
        }
    }

    /** One row of alert_actions: who (the authenticated role) did what, when. */
    public record Action(Instant at, ActionKind kind, String actor, String note, boolean falseAlarm) {}

    public record Event(Instant at, String state, String severity, Double score, String summary, Long batchId) {}

    public record EvidenceFrame(String camera, Instant at, ByteBuffer jpeg, String boxes) {}

    /** An alert the job held back: {@code by} is the silence, the inhibiting alert or the cooling alert. */
    public record Suppressed(Instant at, String reason, String type, String zone, String severity, String fingerprint, String by) {}

    /** What {@code alerts list} filters on; null means any. */
    public record Filter(String zone, AlertType type, Severity severity, AlertState state, Instant since, Instant until) {
        boolean matches(Listed a) {
            return (type == null || type.id().equals(a.type())) && (severity == null || severity.id().equals(a.severity()))
                    && (state == null || state.name().equals(a.state()));
        }
    }

    private final CqlSession session;

    public AlertStore(CqlSession session) {
        this.session = session;
    }

    /** Newest first, one day partition at a time, until {@code limit} matches. */
    public List<Listed> list(Filter f, int limit, BooleanSupplier cancelled) {
        PreparedStatement ps = f.zone() == null
                ? session.prepare("SELECT day, started_at, alert_id, type, category, severity, state, zone_id, summary, score, ended_at "
                + "FROM alerts_by_day WHERE day = ? AND started_at >= ? AND started_at < ?")
                : session.prepare("SELECT day, started_at, alert_id, type, category, severity, state, zone_id, summary, score, ended_at "
                + "FROM alerts_by_zone_day WHERE zone_id = ? AND day = ? AND started_at >= ? AND started_at < ?");
        List<Listed> out = new ArrayList<>();
        LocalDate first = day(f.since());
        for (LocalDate d = day(f.until()); !d.isBefore(first) && out.size() < limit && !cancelled.getAsBoolean(); d = d.minusDays(1)) {
            Iterable<Row> rows = f.zone() == null ? session.execute(ps.bind(d, f.since(), f.until()))
                    : session.execute(ps.bind(f.zone(), d, f.since(), f.until()));
            for (Row r : rows) {
                Listed a = new Listed(r.getString("alert_id"), r.getInstant("started_at"), r.getString("type"), r.getString("category"),
                        r.getString("severity"), r.getString("state"), r.getString("zone_id"), r.getString("summary"),
                        r.get("score", Double.class), r.getInstant("ended_at"));
                if (f.matches(a)) {
                    out.add(a);
                    if (out.size() >= limit) {
                        break;
                    }
                }
            }
        }
        return out;
    }

    /**
     * What silences, inhibitions and cooldowns held back in the period, newest first, one day
     * partition at a time; the filter's state does not apply (a suppressed alert has none).
     */
    public List<Suppressed> suppressed(Filter f, int limit, BooleanSupplier cancelled) {
        PreparedStatement ps = session.prepare("SELECT at, reason, alert_type, zone_id, severity, fingerprint, suppressed_by "
                + "FROM suppressions_by_day WHERE day = ? AND at >= ? AND at < ?");
        List<Suppressed> out = new ArrayList<>();
        LocalDate first = day(f.since());
        for (LocalDate d = day(f.until()); !d.isBefore(first) && out.size() < limit && !cancelled.getAsBoolean(); d = d.minusDays(1)) {
            for (Row r : session.execute(ps.bind(d, f.since(), f.until()))) {
                Suppressed x = suppressed(r, r.getString("suppressed_by"));
                if ((f.zone() == null || f.zone().equals(x.zone())) && (f.type() == null || f.type().id().equals(x.type()))
                        && (f.severity() == null || f.severity().id().equals(x.severity()))) {
                    out.add(x);
                    if (out.size() >= limit) {
                        break;
                    }
                }
            }
        }
        return out;
    }

    /** What one alert (by inhibition or its cooldown) or one silence held back, newest first. */
    public List<Suppressed> suppressedBy(String cause) {
        List<Suppressed> out = new ArrayList<>();
        for (Row r : session.execute(session.prepare("SELECT at, reason, alert_type, zone_id, severity, fingerprint FROM suppressions_by_cause "
                + "WHERE suppressed_by = ?").bind(cause))) {
            out.add(suppressed(r, cause));
        }
        return out;
    }

    private static Suppressed suppressed(Row r, String by) {
        return new Suppressed(r.getInstant("at"), r.getString("reason"), r.getString("alert_type"), r.getString("zone_id"),
                r.getString("severity"), r.getString("fingerprint"), by);
    }

    public Optional<Full> byId(String id) {
        Row r = session.execute(session.prepare("SELECT * FROM alerts_by_id WHERE alert_id = ?").bind(id)).one();
        if (r == null) {
            return Optional.empty();
        }
        return Optional.of(stored(r).with(actions(id)));
    }

    private static Full stored(Row r) {
        return new Full(r.getString("alert_id"), r.getString("fingerprint"), r.getString("type"), r.getString("category"),
                r.getString("severity"), r.getString("state"), r.getString("zone_id"), list(r, "devices"), r.getInstant("started_at"),
                r.getInstant("updated_at"), r.getInstant("ended_at"), r.get("score", Double.class), r.getString("summary"),
                list(r, "evidence"), r.getString("rule_version"), r.getBoolean("acknowledged"), r.getString("ack_by"),
                r.getInstant("ack_at"), r.getString("ack_note"), r.getBoolean("false_alarm"), r.getString("resolved_by"),
                r.getString("resolved_note"));
    }

    /** The alert's actions, oldest first; a kind this CLI does not know is left out. */
    public List<Action> actions(String id) {
        List<Action> out = new ArrayList<>();
        for (Row r : session.execute(session.prepare("SELECT kind, actor, acted_at, note, false_alarm FROM alert_actions WHERE alert_id = ?")
                .bind(id))) {
            ActionKind.of(r.getString("kind")).ifPresent(k ->
                    out.add(new Action(r.getInstant("acted_at"), k, r.getString("actor"), r.getString("note"), r.getBoolean("false_alarm"))));
        }
        return out;
    }

    private static List<String> list(Row r, String column) {
        List<String> l = r.getList(column, String.class);
        return l == null ? List.of() : l;
    }

    public List<Event> events(String id) {
        List<Event> out = new ArrayList<>();
        for (Row r : session.execute(session.prepare("SELECT event_ts, state, severity, score, summary, batch_id FROM alert_events_by_alert "
                + "WHERE alert_id = ?").bind(id))) {
            out.add(new Event(r.getInstant("event_ts"), r.getString("state"), r.getString("severity"), r.get("score", Double.class),
                    r.getString("summary"), r.get("batch_id", Long.class)));
        }
        return out;
    }

    public List<EvidenceFrame> evidence(String id) {
        List<EvidenceFrame> out = new ArrayList<>();
        for (Row r : session.execute(session.prepare("SELECT camera_id, ts, jpeg, boxes FROM evidence_frames WHERE alert_id = ?").bind(id))) {
            out.add(new EvidenceFrame(r.getString("camera_id"), r.getInstant("ts"), r.getByteBuffer("jpeg"), r.getString("boxes")));
        }
        return out;
    }

    /** Silences of a zone (or every zone) that have not ended. */
    public List<Row> activeSilences(String zone, Instant now) {
        if (zone != null) {
            return session.execute(session.prepare("SELECT zone_id, ends_at, silence_id, alert_type, starts_at, reason FROM silences_by_zone "
                    + "WHERE zone_id = ? AND ends_at > ?").bind(zone, now)).all();
        }
        return session.execute(SimpleStatement.newInstance("SELECT zone_id, ends_at, silence_id, alert_type, starts_at, reason FROM silences"))
                .all().stream().filter(r -> r.getInstant("ends_at") != null && r.getInstant("ends_at").isAfter(now)).toList();
    }

    public static LocalDate day(Instant t) {
        return t.atZone(ZoneOffset.UTC).toLocalDate();
    }
}
