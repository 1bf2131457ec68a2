package io.safetywatcher.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.ssl.ProgrammaticSslEngineFactory;
import io.safetywatcher.common.config.ContactPoints;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.security.CassandraAccess;

import java.time.Duration;

/**
 * The one way a program builds a java-driver session from the configuration: contact points (one host, or a cluster's comma-separated list),
 * datacenter, and {@link CassandraAccess} (credentials and TLS). Callers add their own timeouts.
 */
public final class CqlSessions {
    private CqlSessions() {}

    /** {@code cassandra.host}, {@code cassandra.port}, {@code cassandra.datacenter} and the access keys. */
    public static CqlSessionBuilder builder(WatcherConfig config) {
        return secured(com.datastax.oss.driver.api.core.CqlSession.builder()
                .addContactPoints(ContactPoints.of(config.get("cassandra.host"), config.getPort("cassandra.port")))
                .withLocalDatacenter(config.get("cassandra.datacenter")), CassandraAccess.of(config));
    }

    /** Adds credentials and TLS to a builder; a plain access leaves it as it is. */
    public static CqlSessionBuilder secured(CqlSessionBuilder builder, CassandraAccess access) {
        if (access.authenticated()) {
            builder.withAuthCredentials(access.username(), access.password());
        }
        access.sslContext().ifPresent(ctx ->
                builder.withSslEngineFactory(new ProgrammaticSslEngineFactory(ctx, null, access.hostnameVerification())));
        return builder;
    }

    /**
     * A short-lived session for probes, set-up and login checks, with every timeout set to
     * {@code timeout} and no schema metadata (each DDL would otherwise wait out a refresh
     * debounce), and closed at once (the driver's event loops otherwise wait 2 s for more work
     * before they stop). The host may be a comma-separated list of a cluster's nodes.
     */
    public static CqlSession shortLived(String host, int port, String datacenter, CassandraAccess access, Duration timeout) {
        return secured(CqlSession.builder(), access)
                .addContactPoints(ContactPoints.of(host, port))
                .withLocalDatacenter(datacenter)
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, timeout)
                        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, timeout)
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, timeout)
                        .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, timeout)
                        .withBoolean(DefaultDriverOption.RECONNECT_ON_INIT, false)
                        .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false)
                        .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
                        .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
                        .build())
                .build();
    }
}
