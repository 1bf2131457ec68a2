package io.safetywatcher.alertjob.spark;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.ssl.ProgrammaticSslEngineFactory;
import io.safetywatcher.common.security.CassandraAccess;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.safetywatcher.alertjob.lifecycle.Silence;
import io.safetywatcher.alertjob.registry.RegistryStore;

import java.io.Serializable;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where Cassandra is, shipped to executors; each JVM opens one session per endpoint and
 * keeps it, with the registry and silences it reads, for its lifetime.
 */
record CassandraEndpoint(String host, int port, String datacenter, String keyspace, long refreshMillis, CassandraAccess access)
        implements Serializable {
    private static final Map<CassandraEndpoint, CqlSession> SESSIONS = new ConcurrentHashMap<>();
    private static final Map<CassandraEndpoint, RegistryStore> REGISTRIES = new ConcurrentHashMap<>();
    private static final Map<CassandraEndpoint, SilenceStore> SILENCES = new ConcurrentHashMap<>();

    CqlSession session() {
        return SESSIONS.computeIfAbsent(this, e -> {
            CqlSessionBuilder b = CqlSession.builder();
            // The connector's driver, not our cql module's: the same two calls as CqlSessions.secured.
            if (access.authenticated()) {
                b.withAuthCredentials(access.username(), access.password());
            }
            access.sslContext().ifPresent(ctx -> b.withSslEngineFactory(new ProgrammaticSslEngineFactory(ctx, null, access.hostnameVerification())));
            CqlSession s = b
                    .addContactPoint(new InetSocketAddress(host, port))
                    .withLocalDatacenter(datacenter)
                    .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
                            .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false)
                            .build())
                    .build();
            Runtime.getRuntime().addShutdownHook(new Thread(s::close));
            return s;
        });
    }

    RegistryStore registry() {
        return REGISTRIES.computeIfAbsent(this, e -> new RegistryStore(this::session, keyspace, Duration.ofMillis(refreshMillis)));
    }

    List<Silence> silences() {
        return SILENCES.computeIfAbsent(this, e -> new SilenceStore(this::session, keyspace, Duration.ofMillis(refreshMillis))).get();
    }
}
