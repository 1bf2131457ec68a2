package io.safetywatcher.cli.eval;

import io.safetywatcher.alertjob.rules.AlertRule;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Incident;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches alerts to the simulator's ground-truth incidents and scores each alert type.
 *
 * <p>The rules (docs/evaluation.md says the same):
 * <ul>
 * <li>Window: incidents that start, and alerts whose condition started, in [from, until).</li>
 * <li>An alert of type X matches an incident when the incident expects X
 *     ({@link Expectations}), both are in the same zone, and the alert's span from its
 *     condition's start to its firing overlaps the incident's span widened by the tolerance
 *     on both sides (sensors report at the end of their period; a detector may need the
 *     incident to develop).</li>
 * <li>Alerts are taken in firing order. An alert that matches an incident no earlier alert
 *     of its type has detected is a true detection; that incident counts one TP for X, and
 *     its time to detect is the firing time minus the moment the incident became detectable
 *     (the truth's {@code detectable_from}, its start in older truth files; 0 if it fired before). One alert may detect two overlapping
 *     incidents of its type and zone.</li>
 * <li>An alert that only matches incidents already detected is a <em>repeat</em>: the
 *     incident was real, so it is not a false positive, but it is not a second TP either
 *     (precision and recall are per incident). Repeats are counted in their own column.</li>
 * <li>An alert that matches none, but falls within the widened span of an incident in its
 *     zone that tolerates X as a side effect, is a <em>side</em> alert: neither TP nor FP. That
 *     span runs to the truth's {@code evident_until} (a crowd still thinning out of a closed zone
 *     after its incident's end is still people there), the end in older truth files.</li>
 * <li>An incident expecting X is <em>covered</em> when the desk already had an alert standing
 *     for it: an alert of type X in its zone that fired before the incident became detectable
 *     and was still open {@code resolve_after} later (the lifecycle keeps one alert per
 *     fingerprint, so the incident's evidence kept that alert open rather than raising a new
 *     one), or a condition of type X in its zone, within the incident's widened span, that the
 *     detectors raised and the lifecycle held back because another alert covered it (an
 *     inhibition: a critical surge covers a low density). Covered is detected, at that moment
 *     (the detectable-from time for an open alert), if no alert of type X fired earlier; the
 *     detection names the covering alert's type.</li>
 * <li>Every other alert is a false positive. An incident expecting X with no matching alert
 *     of type X, and not covered, is a false negative for X.</li>
 * <li>Normal life is the window minus the union (city-wide) of every incident's widened
 *     span, to its {@code evident_until}; false alarms per camera-hour = false positives that fired in normal life /
 *     (cameras x hours of normal life).</li>
 * </ul>
 */
public final class AlertMatcher {
    private final Expectations expectations;
    private final Duration tolerance;
    private final RuleSet rules;

    /** With the default rules' {@code resolve_after} (see {@link #AlertMatcher(Expectations, Duration, RuleSet)}). */
    public AlertMatcher(Expectations expectations, Duration tolerance) {
        this(expectations, tolerance, RuleSet.defaults());
    }

    /** @param rules the rules the alerts were raised under: how long an open alert outlives its condition */
    public AlertMatcher(Expectations expectations, Duration tolerance, RuleSet rules) {
        if (tolerance.isNegative()) {
            throw new IllegalArgumentException("tolerance " + tolerance + " is negative");
        }
        this.expectations = expectations;
        this.tolerance = tolerance;
        this.rules = rules;
    }

    public Scorecard score(List<Incident> allIncidents, List<RaisedAlert> allAlerts, Instant from, Instant until, int cameras) {
        return score(allIncidents, allAlerts, List.of(), from, until, cameras);
    }

    /** @param heldBack conditions the lifecycle held back under a covering alert (none where the source does not keep them) */
    public Scorecard score(List<Incident> allIncidents, List<RaisedAlert> allAlerts, List<HeldBack> heldBack, Instant from, Instant until,
                          int cameras) {
        if (!until.isAfter(from)) {
            throw new IllegalArgumentException("the window's end " + until + " is not after its start " + from);
        }
        List<Incident> incidents = allIncidents.stream().filter(i -> in(i.start(), from, until))
                .sorted(Comparator.comparing(Incident::start).thenComparing(Incident::id)).toList();
        List<RaisedAlert> alerts = allAlerts.stream().filter(a -> in(a.startedAt(), from, until))
                .sorted(Comparator.comparing(RaisedAlert::firedAt).thenComparing(RaisedAlert::id)).toList();
        List<Interval> busy = union(incidents, from, until);
        double normalHours = hours(Duration.between(from, until)) - busy.stream().mapToDouble(i -> hours(i.length())).sum();
        double cameraHours = cameras * normalHours;

        Map<AlertType, Tally> tallies = new EnumMap<>(AlertType.class);
        List<Scorecard.FalseAlarm> falseAlarms = new ArrayList<>();
        Set<String> detected = new HashSet<>(); // incident id + "|" + alert type
        Map<String, Cover> covers = new HashMap<>(); // the same key: when an alert already covered it
        Map<String, RaisedAlert> byId = new HashMap<>();
        allAlerts.forEach(a -> byId.putIfAbsent(a.id(), a));
        for (Incident i : incidents) {
            for (AlertType x : expectations.expected(i.type())) {
                Cover c = cover(i, x, allAlerts, heldBack, byId);
                if (c != null) {
                    covers.put(i.id() + "|" + x.id(), c);
                }
            }
        }
        List<Scorecard.Detection> detections = new ArrayList<>();
        for (RaisedAlert a : alerts) {
            Tally t = tallies.computeIfAbsent(a.type(), x -> new Tally());
            boolean matched = false;
            boolean fresh = false;
            for (Incident i : incidents) {
                if (i.zone().equals(a.zone()) && expectations.expected(i.type()).contains(a.type()) && overlaps(a, i)) {
                    matched = true;
                    String key = i.id() + "|" + a.type().id();
                    if (detected.add(key)) {
                        fresh = true;
                        t.tp++;
                        Cover c = covers.get(key);
                        Scorecard.Detection d = c != null && c.at().isBefore(a.firedAt())
                                ? new Scorecard.Detection(i.id(), i.type().id(), i.zone(), i.detectableFrom(), c.at(), a.type().id(), c.by())
                                : new Scorecard.Detection(i.id(), i.type().id(), i.zone(), i.detectableFrom(), a.firedAt(), a.type().id());
                        detections.add(d);
                        t.ttd.add(d.ttdSeconds());
                    }
                }
            }
            if (matched) {
                t.detectionEvents += a.events();
                if (!fresh) {
                    t.repeats++;
                }
            } else if (explaining(a, incidents) != null) {
                t.side++;
            } else {
                t.fp++;
                boolean normal = busy.stream().noneMatch(b -> b.contains(a.firedAt()));
                if (normal) {
                    t.normalFalseAlarms++;
                }
                falseAlarms.add(new Scorecard.FalseAlarm(a.id(), a.type().id(), a.zone(), a.firedAt(), normal));
            }
        }
        List<Scorecard.Miss> misses = new ArrayList<>();
        for (Incident i : incidents) {
            for (AlertType x : expectations.expected(i.type())) {
                Tally t = tallies.computeIfAbsent(x, k -> new Tally());
                t.expected++;
                Cover c = covers.get(i.id() + "|" + x.id());
                if (c != null && detected.add(i.id() + "|" + x.id())) {
                    t.tp++;
                    Scorecard.Detection d = new Scorecard.Detection(i.id(), i.type().id(), i.zone(), i.detectableFrom(), c.at(), x.id(), c.by());
                    detections.add(d);
                    t.ttd.add(d.ttdSeconds());
                } else if (!detected.contains(i.id() + "|" + x.id())) {
                    t.fn++;
                    misses.add(new Scorecard.Miss(i.id(), i.type().id(), i.zone(), i.start(), i.end(), x.id()));
                }
            }
        }
        List<TypeScore> rows = new ArrayList<>();
        Tally all = new Tally();
        for (AlertType x : AlertType.values()) {
            Tally t = tallies.get(x);
            if (t != null) {
                rows.add(t.score(x.id(), cameraHours));
                all.add(t);
            }
        }
        return new Scorecard(from, until, normalHours, cameras, incidents.size(), alerts.size(), rows, all.score("all", cameraHours),
                detections, misses, falseAlarms);
    }

    /** When the desk first had an alert covering the incident's expected type, and that alert's type. */
    private record Cover(Instant at, String by) {}

    /** The earliest cover of incident {@code i} for type {@code x} (see the class comment), or null. */
    private Cover cover(Incident i, AlertType x, List<RaisedAlert> alerts, List<HeldBack> heldBack, Map<String, RaisedAlert> byId) {
        Instant evident = i.detectableFrom();
        AlertRule rule = rules.alert(x);
        Duration outlives = rule == null ? Duration.ZERO : rule.resolveAfter();
        for (RaisedAlert a : alerts) {
            if (a.type() == x && a.zone().equals(i.zone()) && !a.firedAt().isAfter(evident)
                    && (a.endedAt() == null || a.endedAt().isAfter(evident.plus(outlives)))) {
                return new Cover(evident, x.id());
            }
        }
        return heldBack.stream()
                .filter(h -> h.type() == x && h.zone().equals(i.zone())
                        && !h.at().isBefore(i.start().minus(tolerance)) && !h.at().isAfter(i.end().plus(tolerance)))
                .min(Comparator.comparing(HeldBack::at))
                .map(h -> new Cover(h.at(), byId.containsKey(h.byAlert()) ? byId.get(h.byAlert()).type().id() : "another alert"))
                .orElse(null);
    }

    /**
     * The first incident (by start) that explains the alert, expected or tolerated, or null: whose
     * conditions a breakdown files the alert under.
     */
    public Incident explaining(RaisedAlert a, List<Incident> incidents) {
        return incidents.stream().filter(i -> i.zone().equals(a.zone()) && expectations.explains(i.type(), a.type())
                        && overlaps(a, i.start(), i.evidentUntil()))
                .min(Comparator.comparing(Incident::start).thenComparing(Incident::id)).orElse(null);
    }

    private boolean overlaps(RaisedAlert a, Incident i) {
        return overlaps(a, i.start(), i.end());
    }

    /** Whether the alert's span, from its condition's start to its firing, meets [start, end] widened by the tolerance. */
    private boolean overlaps(RaisedAlert a, Instant start, Instant end) {
        return !a.startedAt().isAfter(end.plus(tolerance)) && !a.firedAt().isBefore(start.minus(tolerance));
    }

    private List<Interval> union(List<Incident> incidents, Instant from, Instant until) {
        List<Interval> spans = incidents.stream()
                .map(i -> new Interval(max(from, i.start().minus(tolerance)), min(until, i.evidentUntil().plus(tolerance))))
                .filter(i -> i.end.isAfter(i.start))
                .sorted(Comparator.comparing(Interval::start)).toList();
        List<Interval> merged = new ArrayList<>();
        for (Interval s : spans) {
            Interval last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && !s.start.isAfter(last.end)) {
                merged.set(merged.size() - 1, new Interval(last.start, max(last.end, s.end)));
            } else {
                merged.add(s);
            }
        }
        return merged;
    }

    private static boolean in(Instant t, Instant from, Instant until) { return !t.isBefore(from) && t.isBefore(until); }

    private static Instant max(Instant a, Instant b) { return a.isAfter(b) ? a : b; }

    private static Instant min(Instant a, Instant b) { return a.isBefore(b) ? a : b; }

    private static double hours(Duration d) { return d.toMillis() / 3_600_000.0; }

    private record Interval(Instant start, Instant end) {
        Duration length() { return Duration.between(start, end); }

        boolean contains(Instant t) { return !t.isBefore(start) && t.isBefore(end); }
    }

    private static final class Tally {
        int tp;
        int fp;
        int fn;
        int repeats;
        int side;
        int expected;
        int normalFalseAlarms;
        int detectionEvents;
        final List<Double> ttd = new ArrayList<>();

        void add(Tally o) {
            tp += o.tp;
            fp += o.fp;
            fn += o.fn;
            repeats += o.repeats;
            side += o.side;
            expected += o.expected;
            normalFalseAlarms += o.normalFalseAlarms;
            detectionEvents += o.detectionEvents;
            ttd.addAll(o.ttd);
        }

        TypeScore score(String type, double cameraHours) {
            return new TypeScore(type, tp, fp, fn, repeats, side, ttd, normalFalseAlarms, cameraHours, detectionEvents);
        }
    }
}
