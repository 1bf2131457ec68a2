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
        // bench backfill
        LABELS.put("days", "days of the default city's history");
        LABELS.put("simulate_s", "simulator backfill, s");
        LABELS.put("records_stored", "records stored by the job");
        LABELS.put("job_s", "job run (available-now), s");
        LABELS.put("records_per_s", "records stored per s");
        LABELS.put("largest_ingest_batch", "largest ingest batch, records");
        LABELS.put("quarantined_invalid", "quarantined as invalid");
        LABELS.put("quarantined_late", "quarantined as late");
        LABELS.put("alerts_fired", "alerts fired");
        LABELS.put("ingest_batches", "ingest query batches");
        LABELS.put("detect_batches", "detect query batches");
        LABELS.put("rss_samples", "RSS samples (1/s)");
        LABELS.put("rss_first_quarter_mb", "RSS, first quarter's mean, MB");
        LABELS.put("rss_last_quarter_mb", "RSS, last quarter's mean, MB");
        LABELS.put("rss_last_vs_first", "RSS last / first quarter (flat: 0.9-1.1)");
        LABELS.put("gcs", "garbage collections");
        LABELS.put("heap_after_gc_first_quarter_max_mb", "heap after GC, first quarter's max, MB");
        LABELS.put("heap_after_gc_last_quarter_max_mb", "heap after GC, last quarter's max, MB");
        LABELS.put("heap_committed_max_mb", "heap committed, max, MB");
    }

    private final String title;
    private final Map<String, Object> results;
    private final String footnote;

    BenchReport(Map<String, Object> results) {
        this("alert job ingest bench", results, "(latency: a reading's event time to its FIRING's arrival at a read_committed consumer;"
                + " RSS: this JVM, Spark driver and executor included)");
    }

    BenchReport(String title, Map<String, Object> results, String footnote) {
        this.title = title;
        this.results = results;
        this.footnote = footnote;
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
        System.out.println(title);
        System.out.printf("  %-40s %12s%n", "measure", "value");
        results.forEach((k, v) -> System.out.printf("  %-40s %12s%n", LABELS.getOrDefault(k, k), v));
        System.out.println("  " + footnote);
    }
}
