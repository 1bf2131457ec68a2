package io.safetywatcher.alertjob.spark;

import io.safetywatcher.alertjob.registry.Refreshing;
import com.datastax.oss.driver.api.core.CqlSession;
import io.safetywatcher.alertjob.lifecycle.Silence;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.SilenceLimits;
import io.safetywatcher.store.actions.ActionTables;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The operators' silences (written by {@code alerts silence}), re-read on an interval (a failed
 * re-read keeps the last copy: {@link Refreshing}). Only those within {@link SilenceLimits} are obeyed.
 */
final class SilenceStore {
    private final Supplier<CqlSession> sessions;
    private final String keyspace;
    private final Refreshing<List<Silence>> current;
    private ActionTables tables;
    private CqlSession tablesSession;

    SilenceStore(Supplier<CqlSession> sessions, String keyspace, Duration refresh) {
        this.sessions = sessions;
        this.keyspace = keyspace;
        this.current = new Refreshing<>("the silences", this::read, refresh);
    }

    /** The owner on the current session: its statement is prepared once per session. */
    private synchronized ActionTables tables() {
        CqlSession s = sessions.get();
        if (tables == null || tablesSession != s) {
            tables = new ActionTables(s, keyspace);
            tablesSession = s;
        }
        return tables;
    }

    List<Silence> get() {
        return current.get();
    }

    /** The silences read again now (a failure keeps the copy). */
    List<Silence> reloaded() {
        return current.reread(Duration.ZERO);
    }

    private List<Silence> read() {
        List<Silence> out = new ArrayList<>();
        Instant now = Instant.now();
        for (ActionTables.Silence r : tables().silences()) {
            Instant starts = r.startsAt();
            Instant ends = r.endsAt();
            if (!SilenceLimits.allowed(starts, ends) || r.zone() == null) {
                continue; // not one the CLI would write (e.g. a 100-year mute written with raw CQL): not obeyed
            }
            if (ends.isBefore(now.minus(Duration.ofDays(1)))) {
                continue; // long over: a replay of old data is the only thing it could still match
            }
            AlertType type = r.type() == null ? null : AlertType.fromId(r.type()).orElse(null);
            if (type == null && r.type() != null) {
                continue; // an unknown type must not widen into "every type"
            }
            out.add(new Silence(String.valueOf(r.id()), r.zone(), type, starts, ends, r.reason()));
        }
        return List.copyOf(out);
    }
}
