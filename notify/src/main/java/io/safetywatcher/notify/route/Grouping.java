package io.safetywatcher.notify.route;

import io.safetywatcher.common.event.Alert;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How a route batches alert events into notifications, as Alertmanager does: alerts with the same
 * values of {@code by} form one group; its first notification waits {@code groupWait} (to gather
 * what fires together), later changes go out at most every {@code groupInterval}, and an
 * unchanged group with firing alerts is re-sent after {@code repeatInterval}.
 */
public record Grouping(List<Label> by, Duration groupWait, Duration groupInterval, Duration repeatInterval) {
    public static final Grouping DEFAULT = new Grouping(List.of(), Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(4));

    /** What alerts may be grouped by; {@link #ALERT} puts every alert in a group of its own (Alertmanager's '...'). */
    public enum Label {
        TYPE, CATEGORY, ZONE, SEVERITY, FINGERPRINT, ALERT;

        public String id() { return name().toLowerCase(Locale.ROOT); }

        public String valueOf(Alert a) {
            return switch (this) {
                case TYPE -> a.type().id();
                case CATEGORY -> a.category().id();
                case ZONE -> a.zone();
                case SEVERITY -> a.severity().id();
                case FINGERPRINT -> a.fingerprint();
                case ALERT -> a.id();
            };
        }
    }

    public Grouping {
        by = List.copyOf(by);
    }

    /** The group's label values for this alert, in {@code by}'s order: "zone=plaza,type=gunshot". */
    public String groupLabels(Alert a) {
        StringBuilder b = new StringBuilder();
        for (Label l : by) {
            if (!b.isEmpty()) {
                b.append(',');
            }
            b.append(l.id()).append('=').append(l.valueOf(a));
        }
        return b.toString();
    }
}
