package io.safetywatcher.common.event;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How an operator closed an alert (alert_actions.disposition is the lower-case name): something
 * was happening, the rule cried wolf, or someone was testing. Before dispositions existed a
 * resolve carried only false_alarm; {@link #fromFalseAlarm} reads those rows.
 */
public enum Disposition {
    TRUE_ALARM, FALSE_ALARM, TEST;

    public String id() { return name().toLowerCase(Locale.ROOT); }

    /** The disposition a stored or requested id names; empty for one this version does not know. */
    public static Optional<Disposition> of(String id) {
        return Arrays.stream(values()).filter(d -> d.id().equals(id)).findFirst();
    }

    /** "true_alarm, false_alarm or test", for messages. */
    public static String choices() {
        String all = Arrays.stream(values()).map(Disposition::id).collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return all.substring(0, last) + " or " + all.substring(last + 2);
    }

    /** What an old resolve's false_alarm says: true a false alarm, false a true one, null nothing. */
    public static Disposition fromFalseAlarm(Boolean falseAlarm) {
        return falseAlarm == null ? null : falseAlarm ? FALSE_ALARM : TRUE_ALARM;
    }

    /** The false_alarm column still written beside the disposition, for readers older than it (a test is no false alarm). */
    public boolean falseAlarm() { return this == FALSE_ALARM; }

    /**
     * The disposition a resolve asks for, from the new field and the legacy false_alarm flag
     * (either may be null; null when neither says), or why the two disagree.
     *
     * @throws IllegalArgumentException when both are given and contradict, the message naming both
     */
    public static Disposition reconcile(Disposition given, Boolean falseAlarm, String dispositionName, String falseAlarmName) {
        if (given == null) {
            return falseAlarm == null ? null : fromFalseAlarm(falseAlarm);
        }
        if (falseAlarm != null && falseAlarm != given.falseAlarm()) {
            throw new IllegalArgumentException(falseAlarmName + " " + falseAlarm + " contradicts " + dispositionName + " " + given.id()
                    + " (give one of them)");
        }
        return given;
    }
}
