package io.safetywatcher.analytics.figures;

import java.io.Serializable;
import java.time.Instant;

/** What one device sent on one day: input records stored raw, the newest one's time, and records quarantined. */
public record DeviceDay(long stored, Instant lastSeen, long quarantined) implements Serializable {
    public static final DeviceDay NONE = new DeviceDay(0, null, 0);

    public DeviceDay plus(DeviceDay o) {
        Instant last = lastSeen == null ? o.lastSeen : o.lastSeen == null ? lastSeen : (lastSeen.isAfter(o.lastSeen) ? lastSeen : o.lastSeen);
        return new DeviceDay(stored + o.stored, last, quarantined + o.quarantined);
    }
}
