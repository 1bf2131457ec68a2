package io.safetywatcher.alertjob.detect;

import io.safetywatcher.alertjob.rules.BehaviourRule;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Label;
import io.safetywatcher.common.event.Severity;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Suspicious behaviour from smart cameras' labels. Keyed by camera. The score is, over the
 * window, the sum of each weighted label's highest confidence: the same label repeated every
 * frame counts once, so the verdict does not depend on how often a camera reports.
 */
public final class BehaviourDetector implements Serializable {
    private final RuleSet rules;

    public BehaviourDetector(RuleSet rules) {
        this.rules = rules;
    }

    public List<Condition> detect(ZoneObservation o, BehaviourWindow w) {
        BehaviourRule rule = rules.behaviour();
        // An observation arriving out of order counts as of the newest one seen: the queues stay in time order.
        long t = Math.max(o.time().toEpochMilli(), w.newestMillis);
        w.newestMillis = t;
        for (Label label : o.observation().labels()) {
            if (rule.weight(label.name()) <= 0 || label.confidence() < rule.minConfidence()) {
                continue;
            }
            ArrayDeque<double[]> q = w.labels.computeIfAbsent(label.name(), k -> new ArrayDeque<>());
            while (!q.isEmpty() && q.peekLast()[1] <= label.confidence()) {
                q.pollLast();
            }
            q.addLast(new double[] {t, label.confidence()});
        }
        long oldest = t - rule.window().toMillis();
        w.labels.values().forEach(q -> {
            while (!q.isEmpty() && q.peekFirst()[0] <= oldest) {
                q.pollFirst();
            }
        });
        w.labels.values().removeIf(ArrayDeque::isEmpty);

        Map<String, Double> strongest = new TreeMap<>();
        double score = 0;
        for (var e : w.labels.entrySet()) {
            double confidence = e.getValue().peekFirst()[1];
            strongest.put(e.getKey(), confidence);
            score += rule.weight(e.getKey()) * confidence;
        }
        Fingerprint fp = new Fingerprint(AlertType.SUSPICIOUS_BEHAVIOUR, o.zone(), o.deviceId());
        if (score < rule.threshold()) {
            return List.of(Condition.clear(fp, o.time(), List.of(o.deviceId())));
        }
        Severity severity = score >= rule.highThreshold() ? Severity.HIGH : rules.alert(AlertType.SUSPICIOUS_BEHAVIOUR).severity();
        List<String> parts = new ArrayList<>();
        strongest.forEach((label, c) -> parts.add(label + " " + Numbers.two(c)));
        String summary = "suspicious behaviour at " + o.deviceId() + " in " + o.zone() + ": " + String.join(", ", parts)
                + " (score " + Numbers.two(score) + ")";
        return List.of(Condition.active(fp, o.time(), severity, score / rule.highThreshold(), summary,
                List.of(o.deviceId()), List.of(o.evidence())));
    }
}
