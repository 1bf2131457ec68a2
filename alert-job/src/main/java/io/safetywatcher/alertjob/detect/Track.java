package io.safetywatcher.alertjob.detect;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One person the camera's tracker follows across frames: an id local to the camera (no
 * identity), when it was first seen, and when it last had a blob to itself (null: not known,
 * taken as now).
 */
public record Track(String id, Instant firstSeen, Instant lastAlone) implements Serializable {
    public Track {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(firstSeen, "firstSeen");
    }

    public Track(String id, Instant firstSeen) {
        this(id, firstSeen, null);
    }

    /** Whether it had a blob to itself within {@code window} before {@code t}: who it follows is still certain. */
    public boolean aloneWithin(Duration window, Instant t) {
        return lastAlone == null || Duration.between(lastAlone, t).compareTo(window) <= 0;
    }

    public Duration dwellAt(Instant t) {
        Duration d = Duration.between(firstSeen, t);
        return d.isNegative() ? Duration.ZERO : d;
    }
}
