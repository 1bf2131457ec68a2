package io.safetywatcher.console;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import com.datastax.oss.driver.api.core.cql.Row;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.console.web.Sessions;
import io.safetywatcher.common.security.CassandraAccess;
import io.safetywatcher.cql.CqlSessions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is asking, checked by the store itself: a request's account and password are good when
 * Cassandra lets that account log in, and it may act when its roles include the operators'.
 * A verified login is remembered for {@code console.login-cache}, keyed by a salted hash of
 * account and password (the salt is this process's own), never by the password.
 */
final class Logins {
    /** Entries beyond this are dropped wholesale: a flood of distinct logins must not grow the heap. */
    private static final int MAX_CACHED = 1000;
    private static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(10);

    private final WatcherConfig config;
    private final String operatorRole;
    private final String analystRole;
    private final Duration ttl;
    private final Clock clock;
    private final byte[] salt = new byte[16];
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    Logins(WatcherConfig config, Clock clock) {
        this.config = config;
        this.operatorRole = config.get("console.operator-role");
        this.analystRole = config.get("console.analyst-role");
        this.ttl = config.getDuration("console.login-cache");
        this.clock = clock;
        new SecureRandom().nextBytes(salt);
    }

    /** The operator {@code c} is, checked; {@link Refused} 401 for bad credentials, 403 for an account that is no operator. */
    String operator(Credentials c) {
        if (role(c) != Sessions.Role.OPERATOR) {
            throw new Refused(403, c.account() + " is not an operator (no " + operatorRole + " role): only operators act on alerts");
        }
        return c.account();
    }

    /**
     * What {@code c} may do at the desk, checked by the store: {@link Sessions.Role#OPERATOR} with the operators' role,
     * {@link Sessions.Role#ANALYST} with the analysts'; {@link Refused} 401 for bad credentials, 403 for neither role.
     */
    Sessions.Role role(Credentials c) {
        String key = key(c);
        Verified v = verified.get(key);
        Instant now = clock.instant();
        if (v != null && v.until().isAfter(now)) {
            return v.role();
        }
        Sessions.Role role = verify(c);
        if (verified.size() >= MAX_CACHED) {
            verified.clear();
        }
        verified.put(key, new Verified(role, now.plus(ttl)));
        return role;
    }

    private record Verified(Sessions.Role role, Instant until) {}

    private Sessions.Role verify(Credentials c) {
        CassandraAccess service = CassandraAccess.of(config);
        CassandraAccess as = new CassandraAccess(c.account(), c.password(), service.tls(), service.trustStore(), service.hostnameVerification());
        try (CqlSession session = CqlSessions.shortLived(config.get("cassandra.host"), config.getPort("cassandra.port"),
                config.get("cassandra.datacenter"), as, LOGIN_TIMEOUT)) {
            // Without DESCRIBE on all roles, LIST ROLES gives the roles the caller has, inherited ones included.
            boolean analyst = false;
            for (Row r : session.execute("LIST ROLES")) {
                String role = r.getString("role");
                if (operatorRole.equals(role)) {
                    return Sessions.Role.OPERATOR;
                }
                analyst |= analystRole.equals(role);
            }
            if (analyst) {
                return Sessions.Role.ANALYST;
            }
            throw new Refused(403, c.account() + " is neither an operator nor an analyst (no " + operatorRole + " or " + analystRole + " role)");
        } catch (AllNodesFailedException e) {
            if (e.getAllErrors().values().stream().flatMap(java.util.List::stream).anyMatch(t -> t instanceof AuthenticationException)) {
                throw new Refused(401, "wrong account or password for '" + c.account() + "'");
            }
            throw new Refused(503, "cannot check the login: Cassandra at " + config.get("cassandra.host") + ":"
                    + config.get("cassandra.port") + " does not answer");
        }
    }

    private String key(Credentials c) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(salt);
            d.update(c.account().getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
            d.update(c.password().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
