package io.safetywatcher.alertjob.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/** The latency bench's arithmetic: per-probe outcomes, nearest-rank percentiles, the time split by stage, batch summaries. */
final class LatencyStats {
    private LatencyStats() {}

    /**
     * The stages of one probe's latency, in the order the time passes; they add up to it:
     * trigger_wait (the reading waits for the detect batch that will carry it to start: the
     * trigger interval and the batch in flight), planning (that batch's offsets, WAL and query
     * planning, until its first Spark job), slot_wait (its stages' tasks waiting for a core),
     * read_decode (the stages before the shuffle: Kafka read, decode, frame features),
     * state (the stage after it: per-zone detection and lifecycle, the state store, the
     * collect), jobs_other (the driver between and around the Spark jobs), sink (after the
     * jobs until the alert was sent: the sink sorting the collected batch and rendering CAP; the
     * batch's rows are written to Cassandra after the publication), publish (sent until the
     * desk's read_committed consumer had it: the transaction commit and the fetch).
     */
    static final List<String> STAGES = List.of("trigger_wait", "planning", "slot_wait", "read_decode", "state", "jobs_other",
            "sink", "publish");

    /**
     * Direct detection has no micro-batches to split by. Its stages: job (the device's time until
     * the job's producer stamped the alert: the poll, the decode, the zone step) and publish (from
     * there until the desk's read_committed consumer had it: the transaction commit and the fetch).
     */
    static final List<String> DIRECT_STAGES = List.of("job", "publish");

    /** A probe's split by {@link #DIRECT_STAGES}; {@code o} must have arrived. */
    static Map<String, Long> directSplit(Outcome o) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("job", Math.max(0, o.arrival().sentMillis() - o.eventMillis()));
        m.put("publish", Math.max(0, o.arrival().receivedMillis() - o.arrival().sentMillis()));
        return m;
    }

    /** One probe: its reading's event time and the FIRING's arrival (null: none came). */
    record Outcome(String sensorId, long eventMillis, AlertProbe.Arrival arrival) {
        /** The latency, or empty for a failure: no FIRING, or one later than the timeout. */
        OptionalLong latency(long timeoutMillis) {
            if (arrival == null) {
                return OptionalLong.empty();
            }
            long ms = arrival.receivedMillis() - eventMillis;
            return ms <= timeoutMillis ? OptionalLong.of(ms) : OptionalLong.empty();
        }
    }

    /**
     * Nearest rank over every probe, failures ranked above every latency: the smallest latency
     * that p% of all probes did not exceed; empty when that rank falls on a failure (the
     * percentile is beyond the timeout) or there are no probes.
     */
    static OptionalLong percentile(List<Outcome> outcomes, long timeoutMillis, double p) {
        List<Long> answered = outcomes.stream().map(o -> o.latency(timeoutMillis)).filter(OptionalLong::isPresent)
                .map(OptionalLong::getAsLong).sorted().toList();
        return rank(answered, outcomes.size(), p);
    }

    /** Nearest rank p% of {@code n} values of which {@code sorted} are the smallest (the rest are above them all). */
    static OptionalLong rank(List<Long> sorted, int n, double p) {
        if (n == 0) {
            return OptionalLong.empty();
        }
        int r = Math.max(1, (int) Math.ceil(p / 100.0 * n));
        return r <= sorted.size() ? OptionalLong.of(sorted.get(r - 1)) : OptionalLong.empty();
    }

    static long failures(List<Outcome> outcomes, long timeoutMillis) {
        return outcomes.stream().filter(o -> o.latency(timeoutMillis).isEmpty()).count();
    }

    /**
     * A probe's latency by stage (see {@link #STAGES}), from the detect batch that published it
     * and the Spark jobs that batch ran (none known: planning and the job stages are 0 and
     * their time falls into sink).
     */
    static Map<String, Long> split(Outcome o, BatchTimings.Batch batch, Optional<BatchTimings.Jobs> jobs) {
        AlertProbe.Arrival a = o.arrival();
        long firstJob = jobs.map(BatchTimings.Jobs::firstStart).orElse(batch.startMillis());
        long lastJob = jobs.map(BatchTimings.Jobs::lastEnd).orElse(batch.startMillis());
        long slot = 0;
        long readDecode = 0;
        long state = 0;
        List<BatchTimings.Stage> stages = jobs.map(BatchTimings.Jobs::stages).orElse(List.of());
        for (int i = 0; i < stages.size(); i++) {
            slot += stages.get(i).slotWait();
            if (i == stages.size() - 1) {
                state = stages.get(i).running();
            } else {
                readDecode += stages.get(i).running();
            }
        }
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("trigger_wait", batch.startMillis() - o.eventMillis());
        m.put("planning", firstJob - batch.startMillis());
        m.put("slot_wait", slot);
        m.put("read_decode", readDecode);
        m.put("state", state);
        m.put("jobs_other", (lastJob - firstJob) - slot - readDecode - state);
        m.put("sink", a.sentMillis() - lastJob);
        m.put("publish", a.receivedMillis() - a.sentMillis());
        return m;
    }

    /** The detect batch that published an alert sent at {@code sentMillis}: the last to start at or before it. */
    static Optional<BatchTimings.Batch> carrier(List<BatchTimings.Batch> detect, long sentMillis) {
        BatchTimings.Batch found = null;
        for (BatchTimings.Batch b : detect) {
            if (b.startMillis() <= sentMillis && (found == null || b.startMillis() >= found.startMillis())) {
                found = b;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Mean, p50, p95 and max of each stage over the given splits. */
    static Map<String, Map<String, Long>> summarize(List<Map<String, Long>> splits) {
        return summarize(splits, STAGES);
    }

    static Map<String, Map<String, Long>> summarize(List<Map<String, Long>> splits, List<String> stages) {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        for (String stage : stages) {
            out.put(stage, summary(splits.stream().map(s -> s.get(stage)).toList()));
        }
        return out;
    }

    /** Mean, p50, p95, max (nearest rank) of some values; empty without any. */
    static Map<String, Long> summary(List<Long> values) {
        Map<String, Long> m = new LinkedHashMap<>();
        if (values.isEmpty()) {
            return m;
        }
        List<Long> sorted = values.stream().sorted().toList();
        m.put("mean", Math.round(sorted.stream().mapToLong(Long::longValue).average().orElse(0)));
        m.put("p50", rank(sorted, sorted.size(), 50).getAsLong());
        m.put("p95", rank(sorted, sorted.size(), 95).getAsLong());
        m.put("max", sorted.get(sorted.size() - 1));
        return m;
    }

    /**
     * A query's batches in a time span: how many, how long (triggerExecution p50/p95/max), how
     * many took longer than the trigger interval, and the mean of each {@code durationMs} phase
     * and of the state operator's update and commit times.
     */
    static Map<String, Object> batches(List<BatchTimings.Batch> all, long fromMillis, long toMillis, long intervalMillis) {
        List<BatchTimings.Batch> in = all.stream().filter(b -> b.startMillis() >= fromMillis && b.startMillis() <= toMillis).toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("batches", in.size());
        if (in.isEmpty()) {
            return m;
        }
        m.put("trigger_execution_ms", summary(in.stream().map(BatchTimings.Batch::triggerMs).toList()));
        m.put("longer_than_interval", in.stream().filter(b -> b.triggerMs() > intervalMillis).count());
        m.put("input_rows_mean", Math.round(in.stream().mapToLong(BatchTimings.Batch::inputRows).average().orElse(0)));
        Map<String, Long> phases = new TreeMap<>();
        in.forEach(b -> b.durationMs().forEach((k, v) -> phases.merge(k, v, Long::sum)));
        Map<String, Long> means = new LinkedHashMap<>();
        phases.forEach((k, v) -> means.put(k, Math.round((double) v / in.size())));
        m.put("duration_ms_mean", means);
        if (in.stream().anyMatch(b -> b.stateRows() > 0)) {
            m.put("state_update_ms_mean", Math.round(in.stream().mapToLong(BatchTimings.Batch::stateUpdateMs).average().orElse(0)));
            m.put("state_commit_ms_mean", Math.round(in.stream().mapToLong(BatchTimings.Batch::stateCommitMs).average().orElse(0)));
            m.put("state_rows_last", in.get(in.size() - 1).stateRows());
        }
        return m;
    }

    /** The slowest answered probes' splits: those at or above the answered latencies' p99. */
    static List<Map<String, Long>> slowest(List<Long> latencies, List<Map<String, Long>> splits) {
        if (latencies.isEmpty()) {
            return List.of();
        }
        long p99 = rank(latencies.stream().sorted().toList(), latencies.size(), 99).getAsLong();
        List<Map<String, Long>> out = new ArrayList<>();
        for (int i = 0; i < latencies.size(); i++) {
            if (latencies.get(i) >= p99) {
                out.add(splits.get(i));
            }
        }
        return out;
    }

    /** Across runs: min, max and spread (max - min) of one figure; runs where it is beyond the timeout count as missing here. */
    static Map<String, Long> spread(List<OptionalLong> perRun) {
        List<Long> v = perRun.stream().filter(OptionalLong::isPresent).map(OptionalLong::getAsLong).sorted(Comparator.naturalOrder()).toList();
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("runs", (long) perRun.size());
        m.put("runs_beyond_timeout", (long) (perRun.size() - v.size()));
        if (!v.isEmpty()) {
            m.put("min", v.get(0));
            m.put("max", v.get(v.size() - 1));
            m.put("spread", v.get(v.size() - 1) - v.get(0));
        }
        return m;
    }
}
