package io.safetywatcher.common.event;

import java.time.Duration;
import java.time.Instant;

/**
 * How long an operator's silence may mute a zone. The CLI refuses a longer one, and the alert
 * job ignores a stored one that breaks the limit: operators may write the silence tables, so a
 * row written around the CLI must not blind the job.
 */
public final class SilenceLimits {
    /** A longer mute hides too much. */
    public static final Duration LONGEST = Duration.ofDays(30);

    private SilenceLimits() {}

    /** Both ends known, the end after the start, and at most {@link #LONGEST} apart. */
    public static boolean allowed(Instant startsAt, Instant endsAt) {
        return startsAt != null && endsAt != null && endsAt.isAfter(startsAt)
                && Duration.between(startsAt, endsAt).compareTo(LONGEST) <= 0;
    }
}
