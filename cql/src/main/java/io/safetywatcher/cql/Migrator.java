package io.safetywatcher.cql;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Brings a keyspace up to the shipped schema: the numbered files in {@code cql/} (listed in
 * {@code cql/index.txt}), each applied once, in order, recorded in
 * {@code <keyspace>.schema_migrations} with its checksum. Safe to run from several processes
 * at once (an LWT lease in {@code <keyspace>.schema_lock}) and to rerun after a crash (every
 * statement is {@code IF NOT EXISTS}).
 *
 * <pre>{@code
 * List<AppliedMigration> applied = Migrator.builder()
 *     .session(session)
 *     .keyspace("safety_watcher")
 *     .replication("{'class': 'SimpleStrategy', 'replication_factor': 1}")
 *     .owner("host:pid")
 *     .build()
 *     .migrate();
 * }</pre>
 *
 * <p>Immutable and thread-safe; the session is the caller's to close.
 */
public final class Migrator {

    public static final String DEFAULT_KEYSPACE = "safety_watcher";
    public static final Replication DEFAULT_REPLICATION = Replication.simple(1);
    public static final Duration DEFAULT_DDL_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Longer than the lease's TTL, so a waiter outlives a holder that died, and than a first
     * run of the whole schema on a busy node (about 40 s on two cores), so it outlives a
     * holder that is still working.
     */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofMinutes(5);

    /** Keeps a statement plus the wait for agreement well inside the lease's TTL. */
    private static final Duration MAX_DDL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SCHEMA_AGREEMENT_WAIT = Duration.ofSeconds(45);
    private static final Duration KEYSPACE_WAIT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    // Unquoted CQL identifiers start with a letter; Cassandra allows 48 characters.
    private static final Pattern KEYSPACE = Pattern.compile("[a-z][a-z0-9_]{0,47}");

    private final CqlSession session;
    private final String keyspace;
    private final String replication;
    private final String owner;
    private final Duration ddlTimeout;
    private final Duration lockTimeout;
    private final ConsistencyLevel serial;
    private final ConsistencyLevel commit;
    private final List<MigrationScript> scripts;

    private Migrator(Builder b) {
        this.session = b.session;
        this.keyspace = b.keyspace;
        this.replication = b.replication;
        this.owner = b.owner;
        this.ddlTimeout = b.ddlTimeout;
        this.lockTimeout = b.lockTimeout;
        this.serial = b.serialConsistency;
        this.commit = b.serialConsistency == DefaultConsistencyLevel.LOCAL_SERIAL
                ? DefaultConsistencyLevel.LOCAL_QUORUM : DefaultConsistencyLevel.QUORUM;
        this.scripts = b.scripts;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String keyspace() {
        return keyspace;
    }

    /** The replication literal used if this migrator creates the keyspace. */
    public String replication() {
        return replication;
    }

    public String owner() {
        return owner;
    }

    /** The scripts this migrator applies, in order. */
    public List<MigrationScript> scripts() {
        return scripts;
    }

    /**
     * Applies every migration not yet recorded, in order, and records each as it completes.
     * Before applying anything it checks every recorded migration against its file, and
     * applies nothing if one was edited. A run with nothing to do changes nothing.
     *
     * @return what this call applied, in order; empty when the schema was already current
     * @throws MigrationException when an applied file was edited, the lock is not free
     *     within the lock timeout, or a statement fails (earlier statements stay applied and
     *     are skipped by the next run, being {@code IF NOT EXISTS})
     */
    public List<AppliedMigration> migrate() {
        if (!keyspaceExists()) {
            // The history and the lock live inside the keyspace, so it must exist before
            // either; its file is idempotent, and is recorded later like any other.
            MigrationScript first = scripts.get(0);
            for (String statement : first.statements(placeholders())) {
                executeDdl(first, statement, null);
            }
            // Another process creating it at the same moment makes our IF NOT EXISTS return
            // before the keyspace is visible: give that a few seconds.
            long deadline = System.nanoTime() + KEYSPACE_WAIT.toNanos();
            while (!keyspaceExists()) {
                if (System.nanoTime() > deadline) {
                    throw new MigrationException("migration " + first.name() + " ran but keyspace " + keyspace
                            + " does not exist; the first file must create the keyspace");
                }
                sleepQuietly(200);
            }
        }
        if (!tableExists("schema_lock")) {
            executeDdl(null, SchemaLock.createTableCql(keyspace), null);
        }
        String holder = owner + "#" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        SchemaLock lock = SchemaLock.acquire(session, keyspace, holder, commit, serial, REQUEST_TIMEOUT, lockTimeout);
        List<AppliedMigration> applied = new ArrayList<>();
        Throwable failure = null;
        try {
            if (!tableExists("schema_migrations")) {
                executeDdl(null, "CREATE TABLE IF NOT EXISTS " + keyspace + ".schema_migrations ("
                        + "version int PRIMARY KEY, name text, checksum text, applied_at timestamp, applied_by text)", lock);
            }
            for (MigrationScript script : MigrationPlan.pending(scripts, readHistory())) {
                applied.add(apply(script, lock));
            }
            return List.copyOf(applied);
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            try {
                lock.close();
            } catch (DriverException e) {
                // The lease expires on its own; do not hide the error that got us here.
                if (failure != null) {
                    failure.addSuppressed(e);
                }
            }
        }
    }

    /**
     * Where each shipped and each recorded migration stands. Reads only: creates nothing
     * and takes no lock, so it also works on a keyspace that does not exist yet.
     */
    public List<MigrationStatus> status() {
        Map<Integer, MigrationPlan.Recorded> history = keyspaceExists() && tableExists("schema_migrations")
                ? readHistory() : Map.of();
        return MigrationPlan.status(scripts, history);
    }

    private AppliedMigration apply(MigrationScript script, SchemaLock lock) {
        List<String> statements = script.statements(placeholders());
        long start = System.nanoTime();
        for (String statement : statements) {
            executeDdl(script, statement, lock);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Instant appliedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        execute(SimpleStatement.builder("INSERT INTO " + keyspace + ".schema_migrations "
                        + "(version, name, checksum, applied_at, applied_by) VALUES (?, ?, ?, ?, ?)")
                .addPositionalValues(script.version(), script.name(), script.checksum(), appliedAt, owner)
                .setIdempotence(true)
                .build(), commit, "record migration " + script.name());
        return new AppliedMigration(script.version(), script.name(), script.checksum(), statements.size(), appliedAt, took);
    }

    /** Runs one schema statement and waits until every node has the change. */
    private void executeDdl(MigrationScript script, String statement, SchemaLock lock) {
        if (lock != null) {
            lock.renew();
        }
        String where = (script == null ? "bookkeeping" : "migration " + script.name())
                + " statement \"" + CqlText.abbreviate(statement, 120) + "\"";
        ResultSet rs;
        try {
            // Idempotent because every statement is IF NOT EXISTS: the driver may retry it.
            rs = session.execute(SimpleStatement.builder(statement)
                    .setTimeout(ddlTimeout)
                    .setIdempotence(true)
                    .build());
        } catch (DriverException e) {
            throw new MigrationException(where + " failed: " + e.getMessage()
                    + (script == null ? "" : "; statements before it stay applied and are skipped by the next run"), e);
        }
        if (!rs.getExecutionInfo().isSchemaInAgreement()) {
            awaitSchemaAgreement(where);
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationException("interrupted while waiting for keyspace creation", e);
        }
    }

    private void awaitSchemaAgreement(String where) {
        long deadline = System.nanoTime() + SCHEMA_AGREEMENT_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (session.checkSchemaAgreement()) {
                return;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MigrationException("interrupted while waiting for schema agreement after " + where, e);
            }
        }
        throw new MigrationException("the nodes did not agree on the schema within " + SCHEMA_AGREEMENT_WAIT.toSeconds()
                + " s after " + where + "; check that every node is up (nodetool describecluster) and run again");
    }

    private Map<Integer, MigrationPlan.Recorded> readHistory() {
        ResultSet rs = execute(SimpleStatement.newInstance(
                "SELECT version, name, checksum, applied_at, applied_by FROM " + keyspace + ".schema_migrations"),
                commit, "read " + keyspace + ".schema_migrations");
        Map<Integer, MigrationPlan.Recorded> history = new HashMap<>();
        for (Row row : rs) {
            history.put(row.getInt("version"), new MigrationPlan.Recorded(row.getInt("version"), row.getString("name"),
                    row.getString("checksum"), row.getInstant("applied_at"), row.getString("applied_by")));
        }
        return history;
    }

    // system_schema is local to each node (and agreement was awaited after every change).
    private boolean keyspaceExists() {
        return execute(SimpleStatement.newInstance(
                "SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?", keyspace),
                DefaultConsistencyLevel.ONE, "look up keyspace " + keyspace).one() != null;
    }

    private boolean tableExists(String table) {
        return execute(SimpleStatement.newInstance(
                "SELECT table_name FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?", keyspace, table),
                DefaultConsistencyLevel.ONE, "look up table " + keyspace + "." + table).one() != null;
    }

    private ResultSet execute(SimpleStatement statement, ConsistencyLevel consistency, String what) {
        try {
            return session.execute(statement.setConsistencyLevel(consistency).setTimeout(REQUEST_TIMEOUT));
        } catch (DriverException e) {
            throw new MigrationException("could not " + what + ": " + e.getMessage(), e);
        }
    }

    private Map<String, String> placeholders() {
        return Map.of("keyspace", keyspace, "replication", replication);
    }

    private static String defaultOwner() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = Objects.requireNonNullElse(System.getenv("HOSTNAME"), "unknown-host");
        }
        return host + ":" + ProcessHandle.current().pid();
    }

    /** Collects the settings; only the session is required. Not thread-safe. */
    public static final class Builder {

        private CqlSession session;
        private String keyspace = DEFAULT_KEYSPACE;
        private String replication = DEFAULT_REPLICATION.toCql();
        private String owner;
        private Duration ddlTimeout = DEFAULT_DDL_TIMEOUT;
        private Duration lockTimeout = DEFAULT_LOCK_TIMEOUT;
        private ConsistencyLevel serialConsistency = DefaultConsistencyLevel.SERIAL;
        private List<MigrationScript> scripts;

        private Builder() {}

        /** The session to run on; it may or may not have a keyspace set (names are qualified). */
        public Builder session(CqlSession session) {
            this.session = Objects.requireNonNull(session, "session");
            return this;
        }

        /**
         * The keyspace to create and migrate; default {@value Migrator#DEFAULT_KEYSPACE}. Folded to
         * lower case, as CQL does with unquoted names.
         *
         * @throws IllegalArgumentException unless a letter followed by up to 47 letters, digits or '_'
         */
        public Builder keyspace(String keyspace) {
            Objects.requireNonNull(keyspace, "keyspace");
            String folded = keyspace.strip().toLowerCase(Locale.ROOT);
            if (!KEYSPACE.matcher(folded).matches()) {
                throw new IllegalArgumentException("keyspace name \"" + keyspace
                        + "\" must be a letter followed by up to 47 letters, digits or '_'");
            }
            this.keyspace = folded;
            return this;
        }

        /**
         * The replication for a keyspace this migrator creates, as a CQL map literal such as
         * {@code {'class': 'SimpleStrategy', 'replication_factor': 1}}. An existing keyspace
         * keeps its replication.
         *
         * @throws IllegalArgumentException if it is not a map literal naming a class
         */
        public Builder replication(String replication) {
            Objects.requireNonNull(replication, "replication");
            String literal = replication.strip();
            if (!literal.startsWith("{") || !literal.endsWith("}") || !literal.contains("'class'") || literal.contains(";")) {
                throw new IllegalArgumentException("replication must be a CQL map literal like "
                        + DEFAULT_REPLICATION.toCql() + ", was: " + replication);
            }
            this.replication = literal;
            return this;
        }

        public Builder replication(Replication replication) {
            this.replication = Objects.requireNonNull(replication, "replication").toCql();
            return this;
        }

        /**
         * Who is migrating, recorded as {@code applied_by} and shown to a process waiting for
         * the lock; default {@code host:pid}.
         */
        public Builder owner(String owner) {
            Objects.requireNonNull(owner, "owner");
            if (owner.isBlank()) {
                throw new IllegalArgumentException("owner must not be blank");
            }
            this.owner = owner.strip();
            return this;
        }

        /**
         * Timeout of each schema statement, default 30 s, at most 60 s so that a statement
         * plus the wait for schema agreement stays inside the lock's lease.
         */
        public Builder ddlTimeout(Duration ddlTimeout) {
            Objects.requireNonNull(ddlTimeout, "ddlTimeout");
            if (ddlTimeout.isNegative() || ddlTimeout.isZero() || ddlTimeout.compareTo(MAX_DDL_TIMEOUT) > 0) {
                throw new IllegalArgumentException("ddlTimeout must be between 0 and " + MAX_DDL_TIMEOUT.toSeconds()
                        + " s, was " + ddlTimeout);
            }
            this.ddlTimeout = ddlTimeout;
            return this;
        }

        /** How long to wait for another process's migration lock; default 5 minutes. */
        public Builder lockTimeout(Duration lockTimeout) {
            Objects.requireNonNull(lockTimeout, "lockTimeout");
            if (lockTimeout.isNegative()) {
                throw new IllegalArgumentException("lockTimeout must not be negative, was " + lockTimeout);
            }
            this.lockTimeout = lockTimeout;
            return this;
        }

        /**
         * The serial consistency of the lock's lightweight transactions: {@code SERIAL}
         * (default: one lock across all datacenters) or {@code LOCAL_SERIAL} (when remote
         * datacenters may be unreachable; only safe if migrations run from one datacenter).
         * Other reads and writes use QUORUM or LOCAL_QUORUM to match.
         */
        public Builder serialConsistency(ConsistencyLevel serialConsistency) {
            Objects.requireNonNull(serialConsistency, "serialConsistency");
            if (!serialConsistency.isSerial()) {
                throw new IllegalArgumentException("serialConsistency must be SERIAL or LOCAL_SERIAL, was "
                        + serialConsistency.name());
            }
            this.serialConsistency = serialConsistency;
            return this;
        }

        /** The scripts to apply instead of the shipped ones, e.g. in a test. */
        public Builder scripts(List<MigrationScript> scripts) {
            Objects.requireNonNull(scripts, "scripts");
            if (scripts.isEmpty()) {
                throw new IllegalArgumentException("scripts must not be empty: the first one creates the keyspace");
            }
            for (int i = 1; i < scripts.size(); i++) {
                if (scripts.get(i).version() <= scripts.get(i - 1).version()) {
                    throw new IllegalArgumentException("scripts must be in ascending version order with unique versions");
                }
            }
            this.scripts = List.copyOf(scripts);
            return this;
        }

        /**
         * @throws IllegalStateException if no session was given
         * @throws MigrationException if the shipped scripts cannot be loaded
         */
        public Migrator build() {
            if (session == null) {
                throw new IllegalStateException("Migrator needs a session: call session(CqlSession) before build()");
            }
            if (owner == null) {
                owner = defaultOwner();
            }
            if (scripts == null) {
                scripts = MigrationScript.load();
            }
            return new Migrator(this);
        }
    }
}
