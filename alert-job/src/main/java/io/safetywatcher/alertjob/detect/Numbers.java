package io.safetywatcher.alertjob.detect;

import java.util.Locale;

/** Number formatting for alert summaries: one decimal, always a dot. */
final class Numbers {
    private Numbers() {}

    static String one(double d) { return String.format(Locale.ROOT, "%.1f", d); }

    static String two(double d) { return String.format(Locale.ROOT, "%.2f", d); }
}
