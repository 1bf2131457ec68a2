package io.safetywatcher.simulator.city;

import java.time.LocalTime;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a zone is open, in its own time zone, e.g. 05:00-01:00 (a close earlier than the
 * open wraps past midnight, as a station's does). Written as the registry's opening_hours.
 */
public record OpeningHours(LocalTime open, LocalTime close) {
    private static final Pattern FORMAT = Pattern.compile("(\\d{2}:\\d{2})-(\\d{2}:\\d{2})");

    public OpeningHours {
        Objects.requireNonNull(open, "open");
        Objects.requireNonNull(close, "close");
        if (open.equals(close)) {
            throw new IllegalArgumentException("opening and closing time are both " + open + "; omit opening_hours for a zone that never closes");
        }
    }

    public boolean isOpen(LocalTime t) {
        return open.isBefore(close)
                ? !t.isBefore(open) && t.isBefore(close)
                : !t.isBefore(open) || t.isBefore(close);
    }

    public static Optional<OpeningHours> parse(String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new OpeningHours(LocalTime.parse(m.group(1)), LocalTime.parse(m.group(2))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() { return open + "-" + close; }
}
