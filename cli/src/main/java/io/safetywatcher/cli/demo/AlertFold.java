package io.safetywatcher.cli.demo;

import io.safetywatcher.cli.eval.HeldBack;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.Severity;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The alert topic folded into what a desk wants in a terminal: one line when an alert first
 * fires and one when it resolves. The topic repeats an alert once per lifecycle step (the demo's
 * 14 minutes gave ~110 events in one second), so an UPDATED event shows only when it changes the
 * severity or reopens a resolved alert. Alerts the predicate calls history (the backfill's) are
 * counted, never shown. Plain logic: no Kafka, no clock.
 */
final class AlertFold {
    /** What a line says happened. */
    enum Change { FIRING, SEVERITY, REOPENED, RESOLVED }

    /** One line to print; {@code was} is the severity before a SEVERITY change, else null. */
    record Line(Change change, Alert alert, Severity was) {
        /** The alert's own event time: when it started, changed or ended, not when the desk read it. */
        Instant at() {
            return switch (change) {
                case FIRING -> alert.startedAt();
                case RESOLVED -> alert.endedAt() != null ? alert.endedAt() : alert.updatedAt();
                case SEVERITY, REOPENED -> alert.updatedAt();
            };
        }

        String format(ZoneId zone) {
            String severity = change == Change.SEVERITY ? was.id() + "->" + alert.severity().id() : alert.severity().id();
            return String.format("  %s  %-9s %-14s %-21s %-19s %s  [%s]", CLOCK.withZone(zone).format(at()), change, severity,
                    alert.type().id(), alert.zone(), alert.summary(), shortId(alert.id()));
        }
    }

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Predicate<Alert> history;
    /** The last event seen of each shown alert. */
    private final Map<String, Alert> shown = new HashMap<>();
    /** The history alerts seen, id to type. */
    private final Map<String, String> historyTypes = new HashMap<>();
    private long events;

    AlertFold(Predicate<Alert> history) {
        this.history = history;
    }

    /** Folds one event in; the line to print, if it is worth one. */
    Optional<Line> accept(Alert a) {
        if (history.test(a)) {
            historyTypes.put(a.id(), a.type().id());
            return Optional.empty();
        }
        events++;
        Alert before = shown.put(a.id(), a);
        if (before == null) {
            // First sight: normally its FIRING; an alert already open or closed when reading began shows as it is now.
            return Optional.of(new Line(a.state() == AlertState.RESOLVED ? Change.RESOLVED : Change.FIRING, a, null));
        }
        boolean wasOpen = before.state() != AlertState.RESOLVED;
        if (a.state() == AlertState.RESOLVED) {
            return wasOpen ? Optional.of(new Line(Change.RESOLVED, a, null)) : Optional.empty();
        }
        if (!wasOpen) {
            return Optional.of(new Line(Change.REOPENED, a, null)); // the lifecycle reopens within reopen_within with the same id
        }
        if (a.severity() != before.severity()) {
            return Optional.of(new Line(Change.SEVERITY, a, before.severity()));
        }
        return Optional.empty();
    }

    /** Distinct alerts shown. */
    int alerts() { return shown.size(); }

    /** Events of the alerts shown, every lifecycle step counted. */
    long events() { return events; }

    /** Distinct history alerts seen and not shown. */
    int historyAlerts() { return historyTypes.size(); }

    /** The distinct history alerts by type, most first: "crowd-density 3, noise 2". */
    String historyByType() {
        Map<String, Long> n = historyTypes.values().stream().collect(java.util.stream.Collectors.groupingBy(t -> t, java.util.stream.Collectors.counting()));
        return n.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> e.getKey() + " " + e.getValue()).collect(java.util.stream.Collectors.joining(", "));
    }

    /** The first condition of each type held back under a covering alert, by type id. */
    private final Map<String, HeldBack> held = new java.util.TreeMap<>();

    /**
     * Folds in a condition the lifecycle held back because another alert in its zone covered it
     * (a low density under a critical surge: the detector found it, the desk has the covering
     * alert); the line to print the first time its type is held back.
     */
    Optional<String> held(HeldBack h, ZoneId zone) {
        if (held.putIfAbsent(h.type().id(), h) != null) {
            return Optional.empty();
        }
        Alert by = shown.get(h.byAlert());
        return Optional.of(String.format("  %s  %-9s %-14s %-21s %-19s covered by the %s alert  [%s]", CLOCK.withZone(zone).format(h.at()),
                "HELD BACK", h.severity().id(), h.type().id(), h.zone(), by != null ? by.type().id() : "covering", shortId(h.byAlert())));
    }

    /** The types of conditions held back under a covering alert in [from, to). */
    Set<String> typesHeldBack(Instant from, Instant to) {
        Set<String> types = new TreeSet<>();
        held.values().stream().filter(h -> !h.at().isBefore(from) && h.at().isBefore(to)).forEach(h -> types.add(h.type().id()));
        return types;
    }

    /** The types of shown alerts that started in [from, to). */
    Set<String> typesStarted(Instant from, Instant to) {
        Set<String> types = new TreeSet<>();
        shown.values().stream().filter(a -> !a.startedAt().isBefore(from) && a.startedAt().isBefore(to)).forEach(a -> types.add(a.type().id()));
        return types;
    }

    /** "N alerts, M events": how much the fold saved the reader. */
    String count() {
        return alerts() + (alerts() == 1 ? " alert, " : " alerts, ") + events + (events == 1 ? " event" : " events");
    }

    static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }
}
