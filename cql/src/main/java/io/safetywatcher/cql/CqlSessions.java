package io.safetywatcher.cql;

import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.ssl.ProgrammaticSslEngineFactory;
import io.safetywatcher.common.config.ContactPoints;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.security.CassandraAccess;

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
}
