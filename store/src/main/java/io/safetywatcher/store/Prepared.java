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
    private final Map<Shape, PreparedStatement> inserts = new ConcurrentHashMap<>();

    public Prepared(CqlSession session, String keyspace) {
        this.session = session;
        this.keyspace = keyspace;
    }

    public PreparedStatement of(Cql cql) { return cache.computeIfAbsent(cql, c -> session.prepare(c.in(keyspace))); }

    /** A shape's whole-row upsert; its text is built once, not on every row written. */
    public PreparedStatement of(Shape shape) { return inserts.computeIfAbsent(shape, s -> of(s.insert())); }

    public CqlSession session() { return session; }
}
