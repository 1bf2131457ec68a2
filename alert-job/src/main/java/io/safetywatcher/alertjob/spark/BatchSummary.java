package io.safetywatcher.alertjob.spark;

import io.safetywatcher.alertjob.ingest.Ingested;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything the driver needs to know about an ingest micro-batch, gathered by its tasks as they
 * store it: counts by kind and reason, the days each raw table touched, the newest record's time.
 */
final class BatchSummary implements Serializable {
    final Map<String, Long> counts = new HashMap<>();
    final Set<String> dayTables = new TreeSet<>();
    long newestMillis = Long.MIN_VALUE;

    static BatchSummary of(Ingested i) {
        BatchSummary s = new BatchSummary();
        s.add(i);
        return s;
    }

    void add(Ingested i) {
        counts.merge(IngestBatch.countKey(i), 1L, Long::sum);
        dayTables.add(IngestBatch.dayTable(i));
        newestMillis = Math.max(newestMillis, i.source().timestamp().toEpochMilli());
    }

    BatchSummary merge(BatchSummary o) {
        o.counts.forEach((k, v) -> counts.merge(k, v, Long::sum));
        dayTables.addAll(o.dayTables);
        newestMillis = Math.max(newestMillis, o.newestMillis);
        return this;
    }

    long count(String key) { return counts.getOrDefault(key, 0L); }

    long quarantined() {
        return counts.entrySet().stream().filter(e -> e.getKey().startsWith("quarantine:")).mapToLong(Map.Entry::getValue).sum();
    }
}
