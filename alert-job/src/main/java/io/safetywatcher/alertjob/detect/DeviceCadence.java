package io.safetywatcher.alertjob.detect;

import java.io.Serializable;
import java.time.Instant;

/** One device's last report, and whether it is being reported as silent. */
public final class DeviceCadence implements Serializable {
    private static final long serialVersionUID = 1L;

    Instant lastSeen;
    boolean silent;
    /** When it was last reported silent, so the zone wakes to say so again before the alert's resolve_after. */
    Instant reportedAt;
}
