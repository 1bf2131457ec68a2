package io.safetywatcher.common.codec;

import java.time.Duration;
import java.time.Instant;

/**
 * How far from "now" a capture time may be. A clock far in the future or a timestamp years
 * old is a broken device, and would otherwise open day partitions nobody asked for.
 */
public record TimeBounds(Duration maxFuture, Duration maxAge) implements java.io.Serializable {

    /** Five minutes of clock skew; a little over a year of history (backfills). */
    public static final TimeBounds DEFAULT = new TimeBounds(Duration.ofMinutes(5), Duration.ofDays(400));

    /** No bound at all, for reading back what the system itself wrote. */
    public static final TimeBounds NONE = new TimeBounds(null, null);

    void check(String field, Instant t, Instant now) {
        if (maxFuture != null && t.isAfter(now.plus(maxFuture))) {
            throw new RejectedInput(Reason.TIMESTAMP_IN_FUTURE,
                    field + " " + t + " is more than " + maxFuture + " after now (" + now + ")");
        }
        if (maxAge != null && t.isBefore(now.minus(maxAge))) {
            throw new RejectedInput(Reason.TIMESTAMP_TOO_OLD,
                    field + " " + t + " is more than " + maxAge.toDays() + " days before now (" + now + ")");
        }
    }
}
