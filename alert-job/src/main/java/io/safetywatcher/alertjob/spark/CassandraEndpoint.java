package io.safetywatcher.alertjob.spark;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.safetywatcher.store.quarantine.QuarantineTable;
import io.safetywatcher.store.raw.RawTables;
import io.safetywatcher.common.security.CassandraAccess;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.ssl.ProgrammaticSslEngineFactory;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.safetywatcher.alertjob.lifecycle.Silence;
import io.safetywatcher.alertjob.registry.RegistryStore;
import io.safetywatcher.common.config.ConfigException;
import io.safetywatcher.common.config.ContactPoints;

import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where Cassandra is, shipped to executors; each JVM opens one session per endpoint and
 * keeps it, with the registry and silences it reads, for its lifetime. Reads (registry,
 * silences) run at {@code cassandra.consistency.read}, the session's default; the writes (raw
 * rows, alerts, quarantine) set {@code cassandra.consistency.write} on each statement.
 */
public record CassandraEndpoint(String host, int port, String datacenter, String keyspace, long refreshMillis,
                         String readConsistency, String writeConsistency, CassandraAccess access) implements Serializable {

    public CassandraEndpoint {
        // Checked when the job starts, not at the first write on some executor.
        level("cassandra.consistency.read", readConsistency);
        level("cassandra.consistency.write", writeConsistency);
    }

    /** The longest wait between attempts to reach a node that went away (the driver's default is a minute). */
    public static final Duration MAX_RECONNECT = Duration.ofSeconds(5);

    private static final Map<CassandraEndpoint, CqlSession> SESSIONS = new ConcurrentHashMap<>();
    private static final Map<CassandraEndpoint, RegistryStore> REGISTRIES = new ConcurrentHashMap<>();
    private static final Map<CassandraEndpoint, SilenceStore> SILENCES = new ConcurrentHashMap<>();
    private static final Map<CassandraEndpoint, RawTables> RAW = new ConcurrentHashMap<>();
    private static final Map<CassandraEndpoint, QuarantineTable> QUARANTINE = new ConcurrentHashMap<>();

    CqlSession session() {
        return SESSIONS.computeIfAbsent(this, e -> {
            CqlSessionBuilder b = CqlSession.builder();
            // The connector's driver, not our cql module's: the same two calls as CqlSessions.secured.
            if (access.authenticated()) {
                b.withAuthCredentials(access.username(), access.password());
            }
            access.sslContext().ifPresent(ctx -> b.withSslEngineFactory(new ProgrammaticSslEngineFactory(ctx, null, access.hostnameVerification())));
            CqlSession s = b
                    .addContactPoints(ContactPoints.of(host, port))
                    .withLocalDatacenter(datacenter)
                    .withConfigLoader(driverConfig())
                    .build();
            Runtime.getRuntime().addShutdownHook(new Thread(s::close));
            return s;
        });
    }

    DriverConfigLoader driverConfig() {
        return DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
                // Every write of the job is an upsert (no counters, list appends or conditions), so the
                // driver may send a request again to another coordinator when the one it asked dies.
                .withBoolean(DefaultDriverOption.REQUEST_DEFAULT_IDEMPOTENCE, true)
                .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false)
                .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, MAX_RECONNECT)
                .withString(DefaultDriverOption.REQUEST_CONSISTENCY, readConsistency)
                .build();
    }

    ConsistencyLevel writeLevel() {
        return level("cassandra.consistency.write", writeConsistency);
    }

    private static ConsistencyLevel level(String key, String name) {
        try {
            return DefaultConsistencyLevel.valueOf(name);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ConfigException(key + " is '" + name + "', not a consistency level; use one of "
                    + Arrays.toString(DefaultConsistencyLevel.values()) + " (LOCAL_QUORUM on a cluster)");
        }
    }

    /** The raw tables' writer on this JVM's session (statements prepared once). */
    RawTables raw() {
        return RAW.computeIfAbsent(this, e -> new RawTables(session(), keyspace));
    }

    QuarantineTable quarantine() {
        return QUARANTINE.computeIfAbsent(this, e -> new QuarantineTable(session(), keyspace));
    }

    /**
     * Independent upserts (no two on one row) at {@code cassandra.consistency.write}, at most
     * {@code inFlight} at once; returns once every one is acknowledged and throws the first
     * failure, which fails the batch so that it is replayed. One after another, a backlog's
     * 100,000 late rows took 10 minutes on a three-node ring at LOCAL_QUORUM.
     */
    void upsertAll(Iterator<? extends Statement<?>> statements, int inFlight) {
        CqlSession s = session();
        ConsistencyLevel level = writeLevel();
        Semaphore slots = new Semaphore(inFlight);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        while (statements.hasNext() && failure.get() == null) {
            Statement<?> st = statements.next().setConsistencyLevel(level);
            slots.acquireUninterruptibly();
            s.executeAsync(st).whenComplete((r, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
                slots.release();
            });
        }
        slots.acquireUninterruptibly(inFlight);
        if (failure.get() != null) {
            throw new IllegalStateException("a write to Cassandra failed: " + failure.get(), failure.get());
        }
    }

    /**
     * {@link #upsertAll}, with the rows of one partition sent together (see {@link PartitionBatches}),
     * grouped within windows of {@value #BATCH_WINDOW} statements, up to {@value #BATCH_ROWS} rows a batch.
     */
    void upsertByPartition(Iterator<? extends BatchableStatement<?>> statements, int inFlight) {
        upsertAll(new PartitionBatches(statements, BATCH_WINDOW, BATCH_ROWS), inFlight);
    }

    static final int BATCH_WINDOW = 4096;
    static final int BATCH_ROWS = 32;

    public RegistryStore registry() {
        return REGISTRIES.computeIfAbsent(this, e -> new RegistryStore(this::session, keyspace, Duration.ofMillis(refreshMillis)));
    }

    /**
     * Reads the registry and the silences again, now, if this JVM holds copies: a job starting
     * sees a silence or a device written just before it, not the copy an earlier run in the
     * same JVM left (due re-reads otherwise run in the background, see {@link io.safetywatcher.alertjob.registry.Refreshing}).
     */
    public void readCopiesAfresh() {
        RegistryStore registry = REGISTRIES.get(this);
        if (registry != null) {
            registry.reloaded(Duration.ZERO);
        }
        SilenceStore silences = SILENCES.get(this);
        if (silences != null) {
            silences.reloaded();
        }
    }

    public List<Silence> silences() {
        return SILENCES.computeIfAbsent(this, e -> new SilenceStore(this::session, keyspace, Duration.ofMillis(refreshMillis))).get();
    }
}
