package io.safetywatcher.store;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An owner's statements prepared on one session, each once, when first used. */
public final class Prepared {
    private final CqlSession session;
    private final String keyspace;
    private final Map<Cql, PreparedStatement> cache = new ConcurrentHashMap<>();

    public Prepared(CqlSession session, String keyspace) {
        this.session = session;
        this.keyspace = keyspace;
    }

    public PreparedStatement of(Cql cql) { return cache.computeIfAbsent(cql, c -> session.prepare(c.in(keyspace))); }

    public CqlSession session() { return session; }
}
