package io.safetywatcher.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a fault drill saw, and its verdict; pure, so the rules are tested without a cluster.
 * A probe is one gunshot reading from a sensor of its own, so its alert is recognised by the
 * device it names; an alert event is told apart from a duplicate by alert id, state and time.
 */
public final class DrillOutcome {
    /** A gunshot probe sent, acknowledged by the brokers at {@code sentMillis}. */
    public record Probe(String sensor, long sentMillis) {}

    /** An alert event as a read_committed consumer received it. */
    public record Event(String alertId, String type, String state, long updatedAtMillis, List<String> devices, long receivedMillis) {}

    /** One fault: the server killed, when, when it was started again and when it answered again. */
    public record Fault(String label, String server, long killedMillis, long restartedMillis, long healthyMillis) {}

    /** How alerts fared around one fault. */
    public record FaultFigures(Fault fault, int probesDuringOutage, int answeredDuringOutage, long longestGapMillis,
                               long firstAlertAfterRestartMillis, boolean mustKeepFlowing, boolean keptFlowing) {}

    public record Verdict(int probes, int exactlyOnce, List<String> missing, List<String> duplicated, int duplicateEvents,
                          long acknowledged, long stored, List<String> storageMismatches, List<FaultFigures> faults,
                          List<Long> latenciesMillis, List<Long> beforeFaultsMillis, List<String> failures) {
        public boolean passed() { return failures.isEmpty(); }
    }

    private DrillOutcome() {}

    /**
     * @param acknowledged records the brokers acknowledged, by sensor
     * @param stored       rows found in the raw table afterwards, by sensor
     * @param flowing      the servers whose loss alerts must survive (a Cassandra node, a broker)
     */
    public static Verdict judge(List<Probe> probes, List<Event> events, List<Fault> faults, Map<String, Long> acknowledged,
                                Map<String, Long> stored, Set<String> flowing) {
        List<String> failures = new ArrayList<>();
        Map<String, List<Event>> firingsBySensor = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        int duplicateEvents = 0;
        for (Event e : events) {
            if (seen.merge(e.alertId() + "|" + e.state() + "|" + e.updatedAtMillis(), 1, Integer::sum) > 1) {
                duplicateEvents++;
            }
            if ("gunshot".equals(e.type()) && "FIRING".equals(e.state())) {
                for (String d : e.devices()) {
                    firingsBySensor.computeIfAbsent(d, k -> new ArrayList<>()).add(e);
                }
            }
        }
        List<String> missing = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        List<Long> latencies = new ArrayList<>();
        List<Long> beforeFaults = new ArrayList<>();
        long firstKill = faults.stream().mapToLong(Fault::killedMillis).min().orElse(Long.MAX_VALUE);
        Map<String, Long> answeredAt = new LinkedHashMap<>();
        for (Probe p : probes) {
            List<Event> f = firingsBySensor.getOrDefault(p.sensor(), List.of());
            if (f.isEmpty()) {
                missing.add(p.sensor());
            } else {
                if (f.size() > 1) {
                    duplicated.add(p.sensor());
                }
                long first = f.stream().mapToLong(Event::receivedMillis).min().orElseThrow();
                answeredAt.put(p.sensor(), first);
                latencies.add(first - p.sentMillis());
                if (first < firstKill) {
                    beforeFaults.add(first - p.sentMillis());
                }
            }
        }
        if (!missing.isEmpty()) {
            failures.add(missing.size() + " of " + probes.size() + " probes never raised their alert (first: " + missing.get(0) + ")");
        }
        if (!duplicated.isEmpty()) {
            failures.add(duplicated.size() + " probes' FIRING seen more than once (first: " + duplicated.get(0) + ")");
        }
        if (duplicateEvents > 0) {
            failures.add(duplicateEvents + " alert events seen twice by a read_committed consumer");
        }
        List<String> mismatches = new ArrayList<>();
        long ack = 0;
        long got = 0;
        for (var e : acknowledged.entrySet()) {
            long s = stored.getOrDefault(e.getKey(), 0L);
            ack += e.getValue();
            got += s;
            if (s != e.getValue()) {
                mismatches.add(e.getKey() + ": " + e.getValue() + " acknowledged, " + s + " stored");
            }
        }
        if (!mismatches.isEmpty()) {
            failures.add(mismatches.size() + " sensors' stored rows differ from their acknowledged records (first: " + mismatches.get(0) + ")");
        }
        List<FaultFigures> figures = new ArrayList<>();
        List<Long> arrivals = answeredAt.values().stream().sorted().toList();
        for (Fault f : faults) {
            int during = 0;
            int answered = 0;
            for (Probe p : probes) {
                if (p.sentMillis() >= f.killedMillis() && p.sentMillis() < f.restartedMillis()) {
                    during++;
                    Long at = answeredAt.get(p.sensor());
                    if (at != null && at < f.restartedMillis()) {
                        answered++;
                    }
                }
            }
            long gap = longestGap(arrivals, f.killedMillis(), f.healthyMillis());
            long firstAfter = arrivals.stream().filter(t -> t >= f.restartedMillis()).findFirst().map(t -> t - f.restartedMillis()).orElse(-1L);
            boolean must = flowing.contains(f.server());
            boolean kept = answered > 0;
            figures.add(new FaultFigures(f, during, answered, gap, firstAfter, must, kept));
            if (must && !kept) {
                failures.add("no alert reached the topic while " + f.server() + " was down (" + during + " probes sent meanwhile)");
            }
        }
        return new Verdict(probes.size(), probes.size() - missing.size() - duplicated.size(), missing, duplicated, duplicateEvents,
                ack, got, mismatches, figures, latencies, beforeFaults, failures);
    }

    /**
     * Whether the job keeps up: the last {@code n} probes sent at least {@code within} ms before
     * {@code now} each got their FIRING within {@code within} ms. Faults start only then, so
     * that a cold job's first slow batches are not blamed on them.
     */
    static boolean keepsUp(List<Probe> probes, List<Event> events, long now, int n, long within) {
        List<Probe> due = probes.stream().filter(p -> p.sentMillis() <= now - within).toList();
        if (due.size() < n) {
            return false;
        }
        Map<String, Long> firstFiring = new HashMap<>();
        for (Event e : events) {
            if ("gunshot".equals(e.type()) && "FIRING".equals(e.state())) {
                e.devices().forEach(d -> firstFiring.merge(d, e.receivedMillis(), Math::min));
            }
        }
        return due.subList(due.size() - n, due.size()).stream()
                .allMatch(p -> firstFiring.containsKey(p.sensor()) && firstFiring.get(p.sensor()) - p.sentMillis() <= within);
    }

    /** The longest time within [from, to] with no alert arriving, counting from {@code from} and up to {@code to}. */
    static long longestGap(List<Long> sortedArrivals, long from, long to) {
        long last = from;
        long gap = 0;
        for (long t : sortedArrivals) {
            if (t < from) {
                continue;
            }
            if (t > to) {
                break;
            }
            gap = Math.max(gap, t - last);
            last = t;
        }
        return Math.max(gap, to - last);
    }
}
