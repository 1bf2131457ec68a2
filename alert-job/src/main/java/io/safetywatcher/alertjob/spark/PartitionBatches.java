package io.safetywatcher.alertjob.spark;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Upserts regrouped so that the rows of one partition travel together: within each window of
 * statements, those of one table and partition key go as one unlogged batch (up to a number of
 * rows), which Cassandra applies as a single mutation on the partition's replicas. One insert
 * per row costs the coordinator and the replicas a request each: the ingest writing a reading
 * per request took the cores the detect query needed. Single-partition batches are what the
 * Spark connector sends too, and Cassandra does not warn about their size.
 */
final class PartitionBatches implements Iterator<Statement<?>> {
    private final Iterator<? extends BatchableStatement<?>> statements;
    private final int window;
    private final int maxRows;
    private final Deque<Statement<?>> ready = new ArrayDeque<>();

    /**
     * @param window  statements read ahead and grouped at a time (bounds what is held)
     * @param maxRows rows at most in one batch
     */
    PartitionBatches(Iterator<? extends BatchableStatement<?>> statements, int window, int maxRows) {
        if (window < 1 || maxRows < 1) {
            throw new IllegalArgumentException("window and maxRows must be positive: " + window + ", " + maxRows);
        }
        this.statements = statements;
        this.window = window;
        this.maxRows = maxRows;
    }

    @Override
    public boolean hasNext() {
        if (ready.isEmpty() && statements.hasNext()) {
            fill();
        }
        return !ready.isEmpty();
    }

    @Override
    public Statement<?> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }

    private void fill() {
        Map<Object, List<BatchableStatement<?>>> byPartition = new LinkedHashMap<>();
        for (int n = 0; n < window && statements.hasNext(); n++) {
            BatchableStatement<?> s = statements.next();
            byPartition.computeIfAbsent(key(s), k -> new ArrayList<>()).add(s);
        }
        for (List<BatchableStatement<?>> rows : byPartition.values()) {
            for (int from = 0; from < rows.size(); from += maxRows) {
                List<BatchableStatement<?>> part = rows.subList(from, Math.min(rows.size(), from + maxRows));
                ready.add(part.size() == 1 ? part.get(0) : BatchStatement.newInstance(DefaultBatchType.UNLOGGED, List.copyOf(part)));
            }
        }
    }

    /** Table (the statement's text) and partition key; a statement without a routing key goes alone. */
    private static Object key(BatchableStatement<?> s) {
        ByteBuffer routing = s.getRoutingKey();
        String query = s instanceof BoundStatement b ? b.getPreparedStatement().getQuery()
                : s instanceof SimpleStatement q ? q.getQuery() : null;
        if (routing == null || query == null) {
            return new Object();
        }
        return new PartitionKey(query, routing);
    }

    private record PartitionKey(String query, ByteBuffer routing) {
        PartitionKey {
            Objects.requireNonNull(query);
            routing = routing.duplicate();
        }
    }
}
