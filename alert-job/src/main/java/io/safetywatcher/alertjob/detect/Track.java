package io.safetywatcher.alertjob.detect;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One person the camera's tracker follows across frames: an id local to the camera (no
 * identity), and when it was first seen.
 */
public record Track(String id, Instant firstSeen) implements Serializable {
    public Track {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(firstSeen, "firstSeen");
    }

    public Duration dwellAt(Instant t) {
        Duration d = Duration.between(firstSeen, t);
        return d.isNegative() ? Duration.ZERO : d;
    }
}
