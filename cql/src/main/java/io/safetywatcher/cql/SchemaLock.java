package io.safetywatcher.cql;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.QueryExecutionException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The lease that keeps two migrators from applying at once: one row in
 * {@code <keyspace>.schema_lock}, taken and released with lightweight transactions, expiring
 * after {@value #TTL_SECONDS} s so a crashed holder cannot block the schema for ever. The
 * holder renews it before each statement.
 */
final class SchemaLock implements AutoCloseable {

    static final int TTL_SECONDS = 120;

    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 5_000;
    private static final int RENEW_ATTEMPTS = 3;

    private final CqlSession session;
    private final String keyspace;
    private final String holder;
    private final Instant takenAt;
    private final ConsistencyLevel commit;
    private final ConsistencyLevel serial;
    private final Duration requestTimeout;

    private SchemaLock(CqlSession session, String keyspace, String holder, Instant takenAt,
                       ConsistencyLevel commit, ConsistencyLevel serial, Duration requestTimeout) {
        this.session = session;
        this.keyspace = keyspace;
        this.holder = holder;
        this.takenAt = takenAt;
        this.commit = commit;
        this.serial = serial;
        this.requestTimeout = requestTimeout;
    }

    static String createTableCql(String keyspace) {
        return "CREATE TABLE IF NOT EXISTS " + keyspace + ".schema_lock ("
                + "name text PRIMARY KEY, owner text, taken_at timestamp)";
    }

    /**
     * Takes the lock, retrying with exponential back-off while another process holds it.
     *
     * @param holder a value unique to this attempt: finding it in the row after a timed-out
     *               insert means that insert did succeed
     * @throws MigrationException naming the current holder if {@code timeout} passes first
     */
    static SchemaLock acquire(CqlSession session, String keyspace, String holder, ConsistencyLevel commit,
                              ConsistencyLevel serial, Duration requestTimeout, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long backoff = FIRST_BACKOFF_MS;
        String otherHolder = null;
        Instant otherSince = null;
        RuntimeException lastError = null;
        while (true) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            SimpleStatement insert = SimpleStatement.builder("INSERT INTO " + keyspace + ".schema_lock (name, owner, taken_at) "
                            + "VALUES ('migrations', ?, ?) IF NOT EXISTS USING TTL " + TTL_SECONDS)
                    .addPositionalValues(holder, now)
                    .build();
            try {
                ResultSet rs = session.execute(lwt(insert, commit, serial, requestTimeout));
                if (rs.wasApplied()) {
                    return new SchemaLock(session, keyspace, holder, now, commit, serial, requestTimeout);
                }
                Row row = rs.one();
                String current = column(row, "owner");
                if (holder.equals(current)) {
                    // An earlier attempt timed out on the client but was applied.
                    Instant since = row.getInstant("taken_at");
                    return new SchemaLock(session, keyspace, holder, since == null ? now : since,
                            commit, serial, requestTimeout);
                }
                otherHolder = current;
                otherSince = row != null && row.getColumnDefinitions().contains("taken_at") ? row.getInstant("taken_at") : null;
                lastError = null;
            } catch (QueryExecutionException | DriverTimeoutException | AllNodesFailedException e) {
                // Contention, a timeout with unknown outcome, or a node restarting: try again.
                lastError = e;
            } catch (InvalidQueryException e) {
                if (!String.valueOf(e.getMessage()).contains("does not exist")) {
                    throw new MigrationException("could not take the migration lock in keyspace " + keyspace + ": "
                            + e.getMessage(), e);
                }
                // Another process's CREATE of the lock table (or keyspace) is still being applied:
                // our IF NOT EXISTS returned before the table was usable here. Wait for it.
                lastError = e;
            } catch (DriverException e) {
                throw new MigrationException("could not take the migration lock in keyspace " + keyspace + ": "
                        + e.getMessage(), e);
            }
            long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remainingMs <= 0) {
                throw timedOut(keyspace, timeout, otherHolder, otherSince, lastError);
            }
            long jittered = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
            sleep(Math.min(jittered, remainingMs));
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        }
    }

    /**
     * Extends the lease by another {@value #TTL_SECONDS} s.
     *
     * @throws MigrationException if the lease expired or another process holds it now
     */
    void renew() {
        SimpleStatement update = SimpleStatement.builder("UPDATE " + keyspace + ".schema_lock USING TTL " + TTL_SECONDS
                        + " SET owner = ?, taken_at = ? WHERE name = 'migrations' IF owner = ?")
                .addPositionalValues(holder, takenAt, holder)
                .build();
        RuntimeException lastError = null;
        for (int attempt = 0; attempt < RENEW_ATTEMPTS; attempt++) {
            try {
                ResultSet rs = session.execute(lwt(update, commit, serial, requestTimeout));
                if (rs.wasApplied()) {
                    return;
                }
                String current = column(rs.one(), "owner");
                throw new MigrationException("lost the migration lock in keyspace " + keyspace + " ("
                        + (current == null ? "it expired" : "now held by " + current)
                        + "); stopped. What was applied so far is kept and is skipped by the next run.");
            } catch (QueryExecutionException | DriverTimeoutException | AllNodesFailedException e) {
                lastError = e;
            } catch (DriverException e) {
                throw new MigrationException("could not renew the migration lock in keyspace " + keyspace + ": "
                        + e.getMessage() + "; stopped before the next statement.", e);
            }
        }
        throw new MigrationException("could not renew the migration lock in keyspace " + keyspace
                + ": " + lastError.getMessage() + "; stopped before the next statement.", lastError);
    }

    /** Releases the lease if this process still holds it; a lost lease needs no release. */
    @Override
    public void close() {
        SimpleStatement delete = SimpleStatement.builder("DELETE FROM " + keyspace + ".schema_lock "
                        + "WHERE name = 'migrations' IF owner = ?")
                .addPositionalValues(holder)
                .build();
        session.execute(lwt(delete, commit, serial, requestTimeout));
    }

    String holder() {
        return holder;
    }

    private static SimpleStatement lwt(SimpleStatement statement, ConsistencyLevel commit, ConsistencyLevel serial,
                                       Duration timeout) {
        return statement.setConsistencyLevel(commit).setSerialConsistencyLevel(serial).setTimeout(timeout);
    }

    /** A column of a not-applied LWT result, which only has the row's columns if the row exists. */
    private static String column(Row row, String name) {
        return row != null && row.getColumnDefinitions().contains(name) ? row.getString(name) : null;
    }

    private static MigrationException timedOut(String keyspace, Duration timeout, String otherHolder,
                                               Instant otherSince, RuntimeException lastError) {
        String message = "could not take the migration lock in keyspace " + keyspace + " within "
                + timeout.toSeconds() + " s";
        if (otherHolder != null) {
            message += ": it is held by " + otherHolder + (otherSince == null ? "" : " since " + otherSince)
                    + ". A holder that died releases it within " + TTL_SECONDS + " s; if none is running, "
                    + "DELETE FROM " + keyspace + ".schema_lock WHERE name = 'migrations'";
        } else if (lastError != null) {
            message += ": " + lastError.getMessage();
        }
        return new MigrationException(message, lastError);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationException("interrupted while waiting for the migration lock", e);
        }
    }
}
