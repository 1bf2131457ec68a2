package io.safetywatcher.common.security;

import io.safetywatcher.common.config.ConfigException;
import io.safetywatcher.common.config.WatcherConfig;

import javax.net.ssl.SSLContext;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How a program authenticates to Cassandra and whether it speaks TLS, from the
 * {@code cassandra.username}, {@code cassandra.password*} and {@code cassandra.tls.*} keys.
 * Serializable so a Spark job can ship it to executors; {@link #toString()} never shows the
 * password. Empty username and TLS off (the defaults) give today's plain connection.
 */
public record CassandraAccess(String username, String password, boolean tls, TrustStore trustStore, boolean hostnameVerification)
        implements Serializable {
    /** No authentication, no TLS: today's local default. */
    public static final CassandraAccess PLAIN = new CassandraAccess("", "", false, null, true);

    /** A password login over TLS that trusts {@code trustStore}. */
    public static CassandraAccess password(String username, String password, TrustStore trustStore) {
        return new CassandraAccess(username, password, true, trustStore, true);
    }

    public static CassandraAccess of(WatcherConfig c) {
        String user = c.get("cassandra.username").trim();
        String password = user.isEmpty() ? "" : c.secret("cassandra.password");
        if (!user.isEmpty() && password.isEmpty()) {
            throw new ConfigException("cassandra.username is " + user + " but no password is given: set "
                    + WatcherConfig.envName("cassandra.password") + " or cassandra.password-file");
        }
        boolean tls = c.getBoolean("cassandra.tls.enabled");
        TrustStore store = null;
        if (tls && !c.get("cassandra.tls.truststore").isBlank()) {
            store = new TrustStore(c.get("cassandra.tls.truststore"), c.get("cassandra.tls.truststore-type"),
                    c.secret("cassandra.tls.truststore-password"));
        }
        return new CassandraAccess(user, password, tls, store, c.getBoolean("cassandra.tls.hostname-verification"));
    }

    public boolean authenticated() { return !username.isEmpty(); }

    /** For the java-driver's {@code withSslContext}: the trust store's, else the JDK's default trust. */
    public Optional<SSLContext> sslContext() {
        if (!tls) {
            return Optional.empty();
        }
        if (trustStore != null) {
            return Optional.of(trustStore.sslContext());
        }
        try {
            return Optional.of(SSLContext.getDefault());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The spark-cassandra-connector's settings for the same access (none for a plain connection). */
    public Map<String, String> connectorSettings() {
        Map<String, String> m = new LinkedHashMap<>();
        if (authenticated()) {
            m.put("spark.cassandra.auth.username", username);
            m.put("spark.cassandra.auth.password", password);
        }
        if (tls) {
            m.put("spark.cassandra.connection.ssl.enabled", "true");
            if (trustStore != null) {
                m.put("spark.cassandra.connection.ssl.trustStore.path", trustStore.path());
                m.put("spark.cassandra.connection.ssl.trustStore.type", trustStore.type());
                m.put("spark.cassandra.connection.ssl.trustStore.password", trustStore.password());
            }
        }
        return m;
    }

    /** For start-up banners: who and how, never the password. */
    public String describe() {
        return (authenticated() ? "as " + username : "no authentication") + (tls ? ", TLS" : ", plaintext");
    }

    @Override
    public String toString() { return "CassandraAccess[" + describe() + "]"; }
}
