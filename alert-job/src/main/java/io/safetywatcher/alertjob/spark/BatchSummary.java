package io.safetywatcher.alertjob.spark;

import io.safetywatcher.alertjob.ingest.Ingested;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything the driver needs to know about an ingest micro-batch, gathered in one pass over
 * it: counts by kind and reason, the days each raw table touched, the newest record's time.
 * One Spark job instead of one per question.
 */
final class BatchSummary implements Serializable {
    final Map<String, Long> counts = new HashMap<>();
    final Set<String> dayTables = new TreeSet<>();
    long newestMillis = Long.MIN_VALUE;

    static BatchSummary of(Ingested i) {
        BatchSummary s = new BatchSummary();
        s.counts.put(IngestBatch.countKey(i), 1L);
        s.dayTables.add(IngestBatch.dayTable(i));
        s.newestMillis = i.source().timestamp().toEpochMilli();
        return s;
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
