package io.safetywatcher.alertjob.spark;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.safetywatcher.alertjob.lifecycle.Silence;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.SilenceLimits;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The operators' silences (written by {@code alerts silence}), re-read on an interval. Only
 * those within {@link SilenceLimits} are obeyed.
 */
final class SilenceStore {
    private final Supplier<CqlSession> sessions;
    private final String keyspace;
    private final Duration refresh;
    private volatile List<Silence> current = List.of();
    private volatile long loadedAt;

    SilenceStore(Supplier<CqlSession> sessions, String keyspace, Duration refresh) {
        this.sessions = sessions;
        this.keyspace = keyspace;
        this.refresh = refresh;
    }

    synchronized List<Silence> get() {
        if (System.currentTimeMillis() - loadedAt >= refresh.toMillis()) {
            List<Silence> out = new ArrayList<>();
            Instant now = Instant.now();
            for (Row r : sessions.get().execute("SELECT silence_id, zone_id, alert_type, starts_at, ends_at, reason FROM " + keyspace + ".silences")) {
                Instant starts = r.getInstant("starts_at");
                Instant ends = r.getInstant("ends_at");
                if (!SilenceLimits.allowed(starts, ends) || r.isNull("zone_id")) {
                    continue; // not one the CLI would write (e.g. a 100-year mute written with raw CQL): not obeyed
                }
                if (ends.isBefore(now.minus(Duration.ofDays(1)))) {
                    continue; // long over: a replay of old data is the only thing it could still match
                }
                AlertType type = r.isNull("alert_type") ? null : AlertType.fromId(r.getString("alert_type")).orElse(null);
                if (type == null && !r.isNull("alert_type")) {
                    continue; // an unknown type must not widen into "every type"
                }
                out.add(new Silence(String.valueOf(r.getUuid("silence_id")), r.getString("zone_id"), type, starts, ends,
                        r.getString("reason")));
            }
            current = List.copyOf(out);
            loadedAt = System.currentTimeMillis();
        }
        return current;
    }
}
