package io.safetywatcher.alertjob.rules;

import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * While an alert matching the source is firing in a zone, alerts matching the target in the
 * same zone stay quiet. An empty type set matches every type.
 *
 * @param onlyLower the target must also be strictly less severe than the source
 */
public record InhibitRule(String name, Set<AlertType> sourceTypes, Severity sourceMinSeverity,
                          Set<AlertType> targetTypes, Severity targetMaxSeverity, boolean onlyLower)
        implements Serializable {

    public InhibitRule {
        sourceTypes = sourceTypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(sourceTypes));
        targetTypes = targetTypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(targetTypes));
    }

    public boolean inhibits(AlertType sourceType, Severity sourceSeverity, AlertType targetType, Severity targetSeverity) {
        if (sourceType == targetType && sourceTypes.isEmpty() && targetTypes.isEmpty()) {
            return false; // a blanket severity rule never makes one alert type mute itself
        }
        return (sourceTypes.isEmpty() || sourceTypes.contains(sourceType))
                && sourceSeverity.atLeast(sourceMinSeverity)
                && (targetTypes.isEmpty() || targetTypes.contains(targetType))
                && targetMaxSeverity.atLeast(targetSeverity)
                && (!onlyLower || targetSeverity.compareTo(sourceSeverity) < 0);
    }

    static InhibitRule read(RuleTree t) {
        String name = t.text("name", t.path());
        RuleTree source = t.child("source");
        Set<AlertType> sourceTypes = types(source);
        Severity sourceMin = source.has("min_severity") ? source.severity("min_severity") : Severity.INFO;
        source.finish();
        RuleTree target = t.child("target");
        Set<AlertType> targetTypes = types(target);
        Severity targetMax = target.has("max_severity") ? target.severity("max_severity") : Severity.CRITICAL;
        target.finish();
        boolean onlyLower = t.flag("only_lower", false);
        t.finish();
        return new InhibitRule(name, sourceTypes, sourceMin, targetTypes, targetMax, onlyLower);
    }

    private static Set<AlertType> types(RuleTree t) {
        Set<AlertType> types = EnumSet.noneOf(AlertType.class);
        for (String id : t.strings("types")) {
            types.add(t.alertType(t.key("types"), id));
        }
        return types;
    }

    String describe() {
        List<String> parts = new ArrayList<>();
        parts.add(side(sourceTypes) + (sourceMinSeverity == Severity.INFO ? "" : " >= " + sourceMinSeverity.id()));
        parts.add("inhibits " + side(targetTypes) + (targetMaxSeverity == Severity.CRITICAL ? "" : " <= " + targetMaxSeverity.id())
                + (onlyLower ? " when less severe" : ""));
        return name + ": " + String.join(" ", parts) + " in the same zone";
    }

    private static String side(Set<AlertType> types) {
        if (types.isEmpty()) {
            return "any alert";
        }
        List<String> ids = new ArrayList<>();
        EnumSet.copyOf(types).forEach(t -> ids.add(t.id()));
        return String.join("|", ids);
    }
}
