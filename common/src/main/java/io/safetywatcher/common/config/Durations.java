package io.safetywatcher.common.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax of every flag, configuration key, rule and scenario file: "500ms",
 * "90s", "5m", "2h", "7d", compound forms as operators type them ("1m30s", "1h30m", "2d12h",
 * largest unit first), or ISO-8601 "PT5M". A bare number is refused: a unit mistake (seconds
 * for milliseconds) is the classic configuration bug.
 */
public final class Durations {
    private static final Pattern TERM = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final String[] UNITS = {"d", "h", "m", "s", "ms"};
    static final String LIKE = "is not a duration like 500ms, 5s, 5m, 2h or 7d";

    private Durations() {}

    /** The duration, or IllegalArgumentException whose message quotes the text and says what is wrong. */
    public static Duration parse(String text) {
        Duration[] out = new Duration[1];
        Optional<String> problem = problem(text, out);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("'" + text + "' " + problem.get());
        }
        return out[0];
    }

    /** What is wrong with the text as a duration ("is not a duration like ..."), or empty if it is one. */
    public static Optional<String> problem(String text) {
        return problem(text, new Duration[1]);
    }

    private static Optional<String> problem(String text, Duration[] out) {
        String s = text == null ? "" : text.trim();
        if (s.startsWith("P") || s.startsWith("p")) {
            try {
                out[0] = Duration.parse(s);
                return Optional.empty();
            } catch (RuntimeException e) {
                return Optional.of("is not a duration");
            }
        }
        Matcher m = TERM.matcher(s);
        Duration total = Duration.ZERO;
        int at = 0;
        int lastUnit = -1;
        while (at < s.length() && m.find(at) && m.start() == at) {
            int unit = java.util.Arrays.asList(UNITS).indexOf(m.group(2));
            if (unit <= lastUnit) {
                return Optional.of("is not a duration: give each unit once, largest first, e.g. 1h30m or 1m30s");
            }
            try {
                total = total.plus(of(Long.parseLong(m.group(1)), m.group(2)));
            } catch (ArithmeticException | NumberFormatException e) {
                return Optional.of("is too long a duration");
            }
            lastUnit = unit;
            at = m.end();
        }
        if (at == 0 || at < s.length()) {
            return Optional.of(LIKE);
        }
        out[0] = total;
        return Optional.empty();
    }

    private static Duration of(long n, String unit) {
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** The same syntax back: 90 s is "1m30s", 36 h "1d12h", zero "0s". */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder(d.isNegative() ? "-" : "");
        Duration rest = d.abs();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L, 1L};
        long ms = rest.toMillis();
        for (int i = 0; i < UNITS.length; i++) {
            if (ms >= sizes[i]) {
                sb.append(ms / sizes[i]).append(UNITS[i]);
                ms %= sizes[i];
            }
        }
        return sb.toString();
    }
}
