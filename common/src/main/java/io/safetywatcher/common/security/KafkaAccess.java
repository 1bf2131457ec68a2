package io.safetywatcher.common.security;

import io.safetywatcher.common.config.ConfigException;
import io.safetywatcher.common.config.WatcherConfig;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * How a program authenticates to Kafka and whether it speaks TLS, from the
 * {@code kafka.security.protocol}, {@code kafka.sasl.*} and {@code kafka.tls.*} keys, as
 * client properties for kafka-clients and as {@code kafka.}-prefixed options for Spark's
 * Kafka source and sink. PLAINTEXT (the default) adds nothing. {@link #toString()} never
 * shows the password; Kafka's own config logging prints its password-typed values as
 * {@code [hidden]}.
 */
public record KafkaAccess(String protocol, String mechanism, String username, String password, TrustStore trustStore,
                          boolean hostnameVerification) implements Serializable {
    /** No authentication, no TLS: today's local default. */
    public static final KafkaAccess PLAIN = new KafkaAccess("PLAINTEXT", "", "", "", null, true);
    private static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    private static final Set<String> MECHANISMS = Set.of("SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN");

    public static KafkaAccess of(WatcherConfig c) {
        String protocol = c.get("kafka.security.protocol").trim().toUpperCase(java.util.Locale.ROOT);
        if (!PROTOCOLS.contains(protocol)) {
            throw new ConfigException("kafka.security.protocol should be one of " + PROTOCOLS + ", not '" + protocol + "'");
        }
        String mechanism = c.get("kafka.sasl.mechanism").trim().toUpperCase(java.util.Locale.ROOT);
        String user = "";
        String password = "";
        if (protocol.startsWith("SASL")) {
            if (!MECHANISMS.contains(mechanism)) {
                throw new ConfigException("kafka.sasl.mechanism should be one of " + MECHANISMS + ", not '" + mechanism + "'");
            }
            user = c.get("kafka.sasl.username").trim();
            password = c.secret("kafka.sasl.password");
            if (user.isEmpty() || password.isEmpty()) {
                throw new ConfigException("kafka.security.protocol=" + protocol + " needs kafka.sasl.username and a password ("
                        + WatcherConfig.envName("kafka.sasl.password") + " or kafka.sasl.password-file)");
            }
        }
        TrustStore store = null;
        if (protocol.endsWith("SSL") && !c.get("kafka.tls.truststore").isBlank()) {
            store = new TrustStore(c.get("kafka.tls.truststore"), c.get("kafka.tls.truststore-type"),
                    c.secret("kafka.tls.truststore-password"));
        }
        return new KafkaAccess(protocol, mechanism, user, password, store, c.getBoolean("kafka.tls.hostname-verification"));
    }

    /** SCRAM-SHA-512 over TLS that trusts {@code trustStore}. */
    public static KafkaAccess scram(String username, String password, TrustStore trustStore) {
        return new KafkaAccess("SASL_SSL", "SCRAM-SHA-512", username, password, trustStore, true);
    }

    public boolean plaintext() { return "PLAINTEXT".equals(protocol); }

    /** The security settings for a producer, consumer or admin client (empty for PLAINTEXT). */
    public Map<String, String> clientProperties() {
        Map<String, String> m = new LinkedHashMap<>();
        if (plaintext()) {
            return m;
        }
        m.put("security.protocol", protocol);
        if (protocol.startsWith("SASL")) {
            m.put("sasl.mechanism", mechanism);
            String module = mechanism.startsWith("SCRAM") ? "org.apache.kafka.common.security.scram.ScramLoginModule"
                    : "org.apache.kafka.common.security.plain.PlainLoginModule";
            m.put("sasl.jaas.config", module + " required username=\"" + jaasEscape(username) + "\" password=\"" + jaasEscape(password) + "\";");
        }
        if (protocol.endsWith("SSL")) {
            if (trustStore != null) {
                m.put("ssl.truststore.location", trustStore.path());
                m.put("ssl.truststore.type", trustStore.type());
                if (!trustStore.password().isEmpty()) {
                    m.put("ssl.truststore.password", trustStore.password());
                }
            }
            m.put("ssl.endpoint.identification.algorithm", hostnameVerification ? "https" : "");
        }
        return m;
    }

    /** Adds the security settings to client properties that already name the bootstrap servers; returns them. */
    public Properties applyTo(Properties p) {
        clientProperties().forEach(p::put);
        return p;
    }

    /** The same settings as options of Spark's Kafka source and sink ({@code kafka.} + the client key). */
    public Map<String, String> sparkOptions() {
        Map<String, String> m = new LinkedHashMap<>();
        clientProperties().forEach((k, v) -> m.put("kafka." + k, v));
        return m;
    }

    public String describe() {
        return protocol + (protocol.startsWith("SASL") ? " " + mechanism + " as " + username : "");
    }

    @Override
    public String toString() { return "KafkaAccess[" + describe() + "]"; }

    private static String jaasEscape(String s) { return s.replace("\\", "\\\\").replace("\"", "\\\""); }
}
