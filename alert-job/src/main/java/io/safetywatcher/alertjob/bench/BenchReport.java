package io.safetywatcher.alertjob.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safetywatcher.common.codec.Json;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The figures as a table for a person or as one JSON object for a script. */
final class BenchReport {
    private static final Map<String, String> LABELS = new LinkedHashMap<>();

    static {
        LABELS.put("readings", "readings in the backlog");
        LABELS.put("sensors", "sensors they are spread over");
        LABELS.put("produce_per_s", "backlog produced to Kafka, readings/s");
        LABELS.put("job_rows_persisted", "(a) rows the job persisted");
        LABELS.put("job_ingest_s", "(a) until the ingest query ended, s");
        LABELS.put("job_total_s", "(a) until both queries ended, s");
        LABELS.put("job_rows_per_s", "(a) job: Kafka -> Cassandra, rows/s");
        LABELS.put("bare_rows_per_s", "(b) bare driver loop, rows/s");
        LABELS.put("job_vs_bare", "job / bare (target >= 0.5)");
        LABELS.put("latency_rate_per_s", "(c) load, readings/s");
        LABELS.put("latency_run_s", "(c) measured for, s");
        LABELS.put("gunshots_sent", "(c) gunshots sent");
        LABELS.put("firings_received", "(c) FIRINGs received");
        LABELS.put("latency_p50_ms", "(c) latency p50, ms");
        LABELS.put("latency_p99_ms", "(c) latency p99, ms (target < 3000)");
        LABELS.put("latency_max_ms", "(c) latency max, ms");
        LABELS.put("rss_mb", "(d) RSS after the run, MB");
        LABELS.put("peak_rss_mb", "(d) peak RSS, MB");
    }

    private final Map<String, Object> results;

    BenchReport(Map<String, Object> results) {
        this.results = results;
    }

    void print(boolean json) {
        if (json) {
            ObjectNode o = Json.object();
            results.forEach((k, v) -> {
                if (v instanceof Number n && !(v instanceof Double)) {
                    o.put(k, n.longValue());
                } else if (v instanceof Double d) {
                    o.put(k, d);
                } else {
                    o.put(k, String.valueOf(v));
                }
            });
            System.out.println(new String(Json.bytes(o), StandardCharsets.UTF_8));
            return;
        }
        System.out.println("alert job ingest bench");
        System.out.printf("  %-40s %12s%n", "measure", "value");
        results.forEach((k, v) -> System.out.printf("  %-40s %12s%n", LABELS.getOrDefault(k, k), v));
        System.out.println("  (latency: a reading's event time to its FIRING's arrival at a read_committed consumer;"
                + " RSS: this JVM, Spark driver and executor included)");
    }
}
