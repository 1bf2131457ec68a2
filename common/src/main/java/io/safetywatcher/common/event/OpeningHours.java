package io.safetywatcher.common.event;

import io.safetywatcher.common.config.ConfigException;

import java.io.Serializable;
import java.time.LocalTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A zone's daily opening hours in local time, "06:00-23:00", as the city file, the registry
 * and the rule file write them. A range whose end is before its start
 * crosses midnight ("22:00-06:00"); "00:00-24:00" is always open.
 *
 * @param open  first minute open
 * @param close first minute closed; {@code null} with {@link #always} set
 */
public record OpeningHours(LocalTime open, LocalTime close, boolean always) implements Serializable {
    private static final Pattern RANGE = Pattern.compile("(\\d{1,2}):(\\d{2})\\s*-\\s*(\\d{1,2}):(\\d{2})");

    public static final OpeningHours ALWAYS = new OpeningHours(LocalTime.MIDNIGHT, null, true);

    public static OpeningHours parse(String key, String text) {
        Matcher m = RANGE.matcher(text.trim());
        if (!m.matches()) {
            throw new ConfigException(key + " must look like 06:00-23:00, got '" + text + "'");
        }
        LocalTime open = time(key, text, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), false);
        int closeHour = Integer.parseInt(m.group(3));
        int closeMinute = Integer.parseInt(m.group(4));
        if (closeHour == 24 && closeMinute == 0) {
            if (!open.equals(LocalTime.MIDNIGHT)) {
                throw new ConfigException(key + ": 24:00 closes only a range that opens at 00:00, got '" + text + "'");
            }
            return ALWAYS;
        }
        LocalTime close = time(key, text, closeHour, closeMinute, true);
        if (open.equals(close)) {
            throw new ConfigException(key + " opens and closes at the same time; write 00:00-24:00 for always open, got '" + text + "'");
        }
        return new OpeningHours(open, close, false);
    }

    public boolean isOpen(LocalTime t) {
        if (always) {
            return true;
        }
        if (open.isBefore(close)) {
            return !t.isBefore(open) && t.isBefore(close);
        }
        return !t.isBefore(open) || t.isBefore(close); // crosses midnight
    }

    private static LocalTime time(String key, String text, int hour, int minute, boolean end) {
        if (hour > 23 || minute > 59) {
            throw new ConfigException(key + ": " + (end ? "closing" : "opening") + " time out of range in '" + text + "'");
        }
        return LocalTime.of(hour, minute);
    }

    @Override
    public String toString() {
        return always ? "always open" : open + "-" + close;
    }
}
