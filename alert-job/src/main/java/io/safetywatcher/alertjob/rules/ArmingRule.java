package io.safetywatcher.alertjob.rules;

import io.safetywatcher.common.config.ConfigException;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.TimeInterval;

import java.io.Serializable;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * When a rule may fire, per zone and alert type (Alertmanager's {@code active_time_intervals}
 * and {@code mute_time_intervals}): a matching alert fires only inside one of the active
 * intervals (when any are named) and outside every mute interval, in the zone's local time.
 * An empty zone, kind or type set matches all. Outside its hours a condition is held back like a
 * silenced one (recorded as a suppression) and fires if it still holds once the rule is armed;
 * an alert already firing resolves normally.
 */
public record ArmingRule(String name, Set<String> zones, Set<String> kinds, Set<AlertType> types,
                         Map<String, List<TimeInterval>> active, Map<String, List<TimeInterval>> mute) implements Serializable {

    public ArmingRule {
        zones = Set.copyOf(zones);
        kinds = Set.copyOf(kinds);
        types = types.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(types));
        active = Map.copyOf(active);
        mute = Map.copyOf(mute);
    }

    public boolean matches(Zone zone, AlertType type) {
        return (zones.isEmpty() || zones.contains(zone.id())) && (kinds.isEmpty() || kinds.contains(zone.kind()))
                && (types.isEmpty() || types.contains(type));
    }

    /** Whether a matching alert may fire at {@code t}. */
    public boolean armedAt(Zone zone, Instant t) {
        ZonedDateTime local = t.atZone(zone.timezone());
        boolean inActive = active.isEmpty() || active.values().stream().flatMap(List::stream).anyMatch(i -> i.contains(local));
        boolean inMute = mute.values().stream().flatMap(List::stream).anyMatch(i -> i.contains(local));
        return inActive && !inMute;
    }

    static ArmingRule read(RuleTree t, Map<String, List<TimeInterval>> intervals, Set<String> knownKinds) {
        String name = t.text("name", t.path());
        Set<String> zones = new TreeSet<>(t.strings("zones"));
        Set<String> kinds = new TreeSet<>(t.strings("kinds"));
        for (String k : kinds) {
            if (!knownKinds.contains(k)) {
                throw new ConfigException(t.key("kinds") + ": unknown zone kind '" + k + "'; known: " + String.join(", ", new TreeSet<>(knownKinds)));
            }
        }
        Set<AlertType> types = EnumSet.noneOf(AlertType.class);
        for (String id : t.strings("types")) {
            types.add(t.alertType(t.key("types"), id));
        }
        Map<String, List<TimeInterval>> active = named(t, "active_time_intervals", intervals);
        Map<String, List<TimeInterval>> mute = named(t, "mute_time_intervals", intervals);
        if (active.isEmpty() && mute.isEmpty()) {
            throw new ConfigException(t.path() + " names no active_time_intervals and no mute_time_intervals: it would change nothing");
        }
        t.finish();
        return new ArmingRule(name, zones, kinds, types, active, mute);
    }

    private static Map<String, List<TimeInterval>> named(RuleTree t, String key, Map<String, List<TimeInterval>> intervals) {
        Map<String, List<TimeInterval>> out = new java.util.TreeMap<>();
        for (String n : t.strings(key)) {
            List<TimeInterval> i = intervals.get(n);
            if (i == null) {
                throw new ConfigException(t.key(key) + ": no time interval '" + n + "' under time_intervals; known: "
                        + (intervals.isEmpty() ? "none" : String.join(", ", new TreeSet<>(intervals.keySet()))));
            }
            out.put(n, i);
        }
        return out;
    }

    /** Reads {@code time_intervals}: name -> a list of intervals, any of which matches. */
    static Map<String, List<TimeInterval>> readIntervals(RuleTree t) {
        Map<String, List<TimeInterval>> out = new java.util.TreeMap<>();
        for (String name : t.names()) {
            List<TimeInterval> list = new ArrayList<>();
            for (RuleTree i : t.list(name)) {
                list.add(TimeInterval.parse(i.path(), i.strings("times"), i.strings("weekdays"), i.strings("days_of_month"),
                        i.strings("months")));
                i.finish();
            }
            out.put(name, List.copyOf(list));
        }
        t.finish();
        return out;
    }

    String describe() {
        List<String> parts = new ArrayList<>();
        parts.add(types.isEmpty() ? "every type" : String.join("|", types.stream().map(AlertType::id).sorted().toList()));
        parts.add(zones.isEmpty() && kinds.isEmpty() ? "in every zone"
                : "in " + String.join(", ", zones) + (kinds.isEmpty() ? "" : (zones.isEmpty() ? "" : ", ") + "kind " + String.join("|", kinds)));
        if (!active.isEmpty()) {
            parts.add("only during " + String.join(", ", active.keySet()));
        }
        if (!mute.isEmpty()) {
            parts.add("never during " + String.join(", ", mute.keySet()));
        }
        return name + ": " + String.join(" ", parts);
    }
}
