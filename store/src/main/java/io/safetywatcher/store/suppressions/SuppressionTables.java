package io.safetywatcher.store.suppressions;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.safetywatcher.store.Cql;
import io.safetywatcher.store.DayPartitions;
import io.safetywatcher.store.Prepared;
import io.safetywatcher.store.TableOwner;
import io.safetywatcher.store.alerts.AlertTables;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Alerts the job held back (009_suppressions.cql): by day for {@code alerts list --suppressed},
 * by cause (a silence, an inhibiting or cooling alert) for {@code alerts show}.
 */
public final class SuppressionTables implements TableOwner {
    public static final String BY_DAY = "suppressions_by_day";
    public static final String BY_CAUSE = "suppressions_by_cause";

    private static final Cql WRITE_BY_DAY = new Cql("INSERT INTO {ks}." + BY_DAY + " (day, at, fingerprint, reason, alert_type, zone_id,"
            + " severity, suppressed_by, batch_id) VALUES (?,?,?,?,?,?,?,?,?)");
    private static final Cql WRITE_BY_CAUSE = new Cql("INSERT INTO {ks}." + BY_CAUSE + " (suppressed_by, at, fingerprint, reason,"
            + " alert_type, zone_id, severity) VALUES (?,?,?,?,?,?,?)");
    private static final Cql OF_DAY = new Cql("SELECT at, reason, alert_type, zone_id, severity, fingerprint, suppressed_by FROM {ks}."
            + BY_DAY + " WHERE day = ? AND at >= ? AND at < ?");
    private static final Cql OF_CAUSE = new Cql("SELECT at, reason, alert_type, zone_id, severity, fingerprint FROM {ks}." + BY_CAUSE
            + " WHERE suppressed_by = ?");

    /** An alert the job held back: {@code by} is the silence, the inhibiting alert or the cooling alert (null: none named). */
    public record Suppressed(Instant at, String reason, String type, String zone, String severity, String fingerprint, String by) {}

    private final Prepared p;

    public SuppressionTables(CqlSession session, String keyspace) {
        this.p = new Prepared(session, keyspace);
    }

    @Override
    public List<String> statements(String keyspace) { return Cql.declaredIn(SuppressionTables.class, keyspace); }

    /** Its row of the day, and of its cause when it names one; keyed by time, fingerprint and reason, so a replay rewrites them. */
    public List<BoundStatement> write(Suppressed x, long batchId) {
        List<BoundStatement> out = new ArrayList<>();
        out.add(p.of(WRITE_BY_DAY).bind(DayPartitions.day(x.at()), x.at(), x.fingerprint(), x.reason(), x.type(), x.zone(), x.severity(),
                x.by(), batchId));
        if (x.by() != null) {
            out.add(p.of(WRITE_BY_CAUSE).bind(x.by(), x.at(), x.fingerprint(), x.reason(), x.type(), x.zone(), x.severity()));
        }
        return out;
    }

    /**
     * What was held back in the filter's period, newest first, one day partition at a time; the
     * filter's state does not apply (a suppressed alert has none).
     */
    public List<Suppressed> suppressed(AlertTables.Filter f, int limit, BooleanSupplier cancelled) {
        return DayPartitions.newestFirst(f.since(), f.until(), limit, cancelled,
                d -> p.session().execute(p.of(OF_DAY).bind(d, f.since(), f.until())),
                r -> suppressed(r, r.getString("suppressed_by")), x -> matches(f, x));
    }

    static boolean matches(AlertTables.Filter f, Suppressed x) {
        return (f.zone() == null || f.zone().equals(x.zone())) && (f.type() == null || f.type().id().equals(x.type()))
                && (f.severity() == null || f.severity().id().equals(x.severity()));
    }

    /** What one alert (by inhibition or its cooldown) or one silence held back, newest first. */
    public List<Suppressed> suppressedBy(String cause) {
        List<Suppressed> out = new ArrayList<>();
        for (Row r : p.session().execute(p.of(OF_CAUSE).bind(cause))) {
            out.add(suppressed(r, cause));
        }
        return out;
    }

    private static Suppressed suppressed(Row r, String by) {
        return new Suppressed(r.getInstant("at"), r.getString("reason"), r.getString("alert_type"), r.getString("zone_id"),
                r.getString("severity"), r.getString("fingerprint"), by);
    }
}
