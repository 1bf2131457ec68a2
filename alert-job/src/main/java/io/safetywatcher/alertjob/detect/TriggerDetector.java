package io.safetywatcher.alertjob.detect;

import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.rules.TriggerRule;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.SensorType;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * Gunshot, glass break and panic button: sensors that do their own detection, so one
 * reading at or above the confidence threshold is the incident. Stateless: the lifecycle
 * turns repeated detections of one sensor into one alert.
 */
public final class TriggerDetector implements Serializable {
    private final RuleSet rules;

    public TriggerDetector(RuleSet rules) {
        this.rules = rules;
    }

    /** The alert type a sensor type triggers, if it is one of these. */
    public static Optional<AlertType> typeFor(SensorType sensor) {
        return switch (sensor) {
            case GUNSHOT -> Optional.of(AlertType.GUNSHOT);
            case GLASS_BREAK -> Optional.of(AlertType.GLASS_BREAK);
            case PANIC_BUTTON -> Optional.of(AlertType.PANIC);
            default -> Optional.empty();
        };
    }

    /** One condition for a gunshot, glass-break or panic reading; none for other sensors. */
    public List<Condition> detect(ZoneReading r) {
        Optional<AlertType> type = typeFor(r.sensorType());
        if (type.isEmpty()) {
            return List.of();
        }
        TriggerRule rule = rules.trigger(type.get());
        Fingerprint fp = new Fingerprint(type.get(), r.zone(), r.deviceId());
        if (r.value() < rule.minConfidence()) {
            return List.of(Condition.clear(fp, r.time(), List.of(r.deviceId())));
        }
        String summary = switch (type.get()) {
            case PANIC -> "panic button " + r.deviceId() + " pressed in " + r.zone();
            case GUNSHOT -> "gunshot detected by " + r.deviceId() + " in " + r.zone() + " (confidence " + Numbers.two(r.value()) + ")";
            default -> "glass break detected by " + r.deviceId() + " in " + r.zone() + " (confidence " + Numbers.two(r.value()) + ")";
        };
        return List.of(Condition.active(fp, r.time(), rules.alert(type.get()).severity(), r.value(), summary,
                List.of(r.deviceId()), List.of(r.evidence())));
    }
}
