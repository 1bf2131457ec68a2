package io.safetywatcher.alertjob.spark;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.safetywatcher.alertjob.lifecycle.Silence;
import io.safetywatcher.common.event.AlertType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The operators' silences (written by {@code alerts silence}), re-read on an interval. */
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
                Instant ends = r.getInstant("ends_at");
                if (ends == null || ends.isBefore(now.minus(Duration.ofDays(1)))) {
                    continue; // long over: a replay of old data is the only thing it could still match
                }
                AlertType type = r.isNull("alert_type") ? null : AlertType.fromId(r.getString("alert_type")).orElse(null);
                out.add(new Silence(String.valueOf(r.getUuid("silence_id")), r.getString("zone_id"), type,
                        r.getInstant("starts_at"), ends, r.getString("reason")));
            }
            current = List.copyOf(out);
            loadedAt = System.currentTimeMillis();
        }
        return current;
    }
}
