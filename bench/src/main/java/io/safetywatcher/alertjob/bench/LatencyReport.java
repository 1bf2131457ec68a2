package io.safetywatcher.alertjob.bench;

import io.safetywatcher.common.codec.Json;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The latency bench's figures: one JSON object for a script, or tables for a person. */
final class LatencyReport {
    private LatencyReport() {}

    @SuppressWarnings("unchecked")
    static void print(Map<String, Object> results, boolean json) {
        if (json) {
            System.out.println(new String(Json.bytes(Json.MAPPER.valueToTree(results)), StandardCharsets.UTF_8));
            return;
        }
        System.out.println("alert latency bench");
        ((Map<String, Object>) results.get("conditions")).forEach((k, v) -> System.out.printf("  %-22s %s%n", k, v));
        for (Map<String, Object> r : (List<Map<String, Object>>) results.get("runs")) {
            System.out.printf("%nrun %s: %s probes, %s answered, %s failures (no FIRING within the timeout)%n", r.get("run"), r.get("probes"),
                    r.get("answered"), r.get("failures"));
            System.out.printf("  latency, ms     p50 %s   p95 %s   p99 %s   max %s%n", ms(r.get("p50_ms")), ms(r.get("p95_ms")), ms(r.get("p99_ms")),
                    ms(r.get("max_ms")));
            System.out.printf("  caught up %s s after the warm-up%s%n", r.get("caught_up_after_warmup_s"),
                    ((Map<String, Object>) results.get("conditions")).get("frames").toString().startsWith("none") ? ""
                            : "; frames produced " + r.get("frames_produced") + " (" + r.get("frames_per_s") + "/s) while measuring"
                            + " (the default city's 12 cameras send 24/s in real time: fewer, the simulator fell behind)");
            System.out.printf("  %-14s %8s %8s %8s %8s %14s%n", "stage, ms", "mean", "p50", "p95", "max", "slowest 1%");
            Map<String, Map<String, Long>> stages = (Map<String, Map<String, Long>>) r.get("stages_ms");
            Map<String, Long> slowest = (Map<String, Long>) r.get("stages_ms_slowest_1pct_mean");
            stages.forEach((stage, s) -> System.out.printf("  %-14s %8s %8s %8s %8s %14s%n", stage, dash(s.get("mean")), dash(s.get("p50")),
                    dash(s.get("p95")), dash(s.get("max")), dash(slowest.get(stage))));
            for (String q : List.of("detect_batches", "ingest_batches")) {
                Map<String, Object> b = (Map<String, Object>) r.get(q);
                if (b == null) {
                    continue; // direct detection runs no detect query
                }
                System.out.printf("  %s: %s, triggerExecution %s, longer than the interval %s%n", q.replace('_', ' '), b.get("batches"),
                        b.get("trigger_execution_ms"), b.get("longer_than_interval"));
                System.out.printf("    mean durationMs %s%s%n", b.get("duration_ms_mean"), b.containsKey("state_update_ms_mean")
                        ? "; state updates " + b.get("state_update_ms_mean") + " ms, commit " + b.get("state_commit_ms_mean") + " ms" : "");
            }
        }
        System.out.printf("%nspread over runs: p50 %s; p99 %s%n", ((Map<?, ?>) results.get("spread")).get("p50_ms"),
                ((Map<?, ?>) results.get("spread")).get("p99_ms"));
        System.out.printf("RSS %s MB (peak %s MB), this JVM: Spark driver and executor, the load and the probe consumer%n",
                results.get("rss_mb"), results.get("peak_rss_mb"));
        System.out.println("(latency: a probe reading's device timestamp to its FIRING's receipt by a read_committed consumer;"
                + " stages add up to it, see LatencyStats.STAGES and DIRECT_STAGES)");
    }

    private static String dash(Object v) { return v == null ? "-" : v.toString(); }

    private static String ms(Object v) { return v == null ? "> timeout" : v.toString(); }
}
