package io.safetywatcher.analytics.figures;

import java.io.Serializable;
import java.time.Instant;

/**
 * What one device sent on one day: input records stored raw, the newest one's time, records
 * quarantined, and records set aside because the device's clock ran ahead of the job's.
 */
public record DeviceDay(long stored, Instant lastSeen, long quarantined, long clockAhead) implements Serializable {
    public static final DeviceDay NONE = new DeviceDay(0, null, 0, 0);

    public DeviceDay plus(DeviceDay o) {
        Instant last = lastSeen == null ? o.lastSeen : o.lastSeen == null ? lastSeen : (lastSeen.isAfter(o.lastSeen) ? lastSeen : o.lastSeen);
        return new DeviceDay(stored + o.stored, last, quarantined + o.quarantined, clockAhead + o.clockAhead);
    }
}
