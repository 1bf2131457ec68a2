package io.safetywatcher.alertjob.spark;

import io.safetywatcher.alertjob.lifecycle.ZoneWatchState;

import java.io.Serializable;

/**
 * A zone's state in the detect query: its detectors and alerts, plus its own event-time
 * clock. The clock is per zone, kept here rather than Spark's global watermark, because Spark
 * silently drops rows behind its watermark before the state function sees them; here every
 * row is seen, and one behind its zone's clock is quarantined as late. Plain Java: the offline
 * evaluation keeps a zone's clock with it too, batch by batch, as the job does.
 */
public final class ZoneClock implements Serializable {
    /**
     * The value Java computed for this class's shape in release d4d5763, declared so that
     * checkpoints written since restore whatever methods change (ZoneStateCompatibilityTest).
     */
    private static final long serialVersionUID = -152254488741707961L;

    final ZoneWatchState watch = new ZoneWatchState();
    /** Newest event time applied, epoch ms. */
    long newestEventMillis = Long.MIN_VALUE;
    /** Wall time of the last input, for letting time pass in a zone that has gone quiet. */
    long lastInputWallMillis;
    /** Event time up to which the zone's alerts have been advanced; never goes back. */
    long watermarkMillis = Long.MIN_VALUE;

    /**
     * Where the watermark would be but for the unread floor (see {@link #advanceTo(java.util.Map, long, long, long)}),
     * until the floor lets it get there; null when nothing is held (and in the state of an earlier release).
     */
    Long heldMillis;

    /** Event time up to which the zone's alerts have been advanced; Long.MIN_VALUE before any. */
    public long watermarkMillis() { return watermarkMillis; }

    /** The zone's detectors and alerts. */
    public ZoneWatchState watch() { return watch; }

    /** What becomes of one input, judged before any of its batch is applied. */
    public enum Admission { APPLY, LATE, AHEAD }

    /**
     * An input ahead of the job's clock by more than the skew is a device whose clock is off: it
     * must not move the zone's clock, or every correctly timed input behind it would be late.
     */
    public Admission admit(long eventMillis, long wallMillis, long maxSkewMillis) {
        if (eventMillis > wallMillis + maxSkewMillis) {
            return Admission.AHEAD;
        }
        return watermarkMillis != Long.MIN_VALUE && eventMillis < watermarkMillis ? Admission.LATE : Admission.APPLY;
    }

    /** After inputs from one source: the watermark follows the newest event time less the allowed lateness. */
    long advanceTo(long newestEvent, long latenessMillis, long wallMillis) {
        return advanceTo(java.util.Map.of("", newestEvent), latenessMillis, wallMillis);
    }

    /**
     * After a batch's applied inputs, given the newest event time each source (Kafka partition)
     * brought: the watermark follows the slowest of them less the allowed lateness. Partitions
     * are read unevenly when the job is behind (a backfill: one partition's batch may end hours
     * ahead of another's), so an input is late only when it is behind what its own partition
     * had already delivered by the time its batch began; live, all partitions are near real time
     * and this is the newest event less the lateness, as before. A source absent from a batch
     * does not hold the zone back.
     */
    public long advanceTo(java.util.Map<String, Long> newestBySource, long latenessMillis, long wallMillis) {
        return advanceTo(newestBySource, latenessMillis, wallMillis, Long.MAX_VALUE);
    }

    /**
     * As {@link #advanceTo(java.util.Map, long, long)}, never past {@code unreadFloor} less the
     * lateness: the oldest event time that input not yet read may still bring (direct detection
     * knows it: how far each partition with input left to read has got). One poll can bring one
     * partition half an hour of a backfill's history while another is not read yet; what the
     * other brings next is not late.
     */
    public long advanceTo(java.util.Map<String, Long> newestBySource, long latenessMillis, long wallMillis, long unreadFloor) {
        long slowest = Long.MAX_VALUE;
        for (long t : newestBySource.values()) {
            newestEventMillis = Math.max(newestEventMillis, t);
            slowest = Math.min(slowest, t);
        }
        if (newestBySource.isEmpty()) {
            return watermarkMillis;
        }
        lastInputWallMillis = wallMillis;
        heldMillis = heldMillis == null ? slowest - latenessMillis : Math.max(heldMillis, slowest - latenessMillis);
        return release(latenessMillis, unreadFloor);
    }

    /** Moves the watermark as far towards where it is held as {@code unreadFloor} now lets it. */
    public long release(long latenessMillis, long unreadFloor) {
        if (heldMillis == null || unreadFloor == Long.MIN_VALUE) {
            return watermarkMillis;
        }
        long cap = settledBy(unreadFloor, latenessMillis);
        watermarkMillis = Math.max(watermarkMillis, Math.min(heldMillis, cap));
        if (heldMillis <= watermarkMillis) {
            heldMillis = null;
        }
        return watermarkMillis;
    }

    /**
     * The event time up to which every input is known to be applied, given the unread floor:
     * the floor less the lateness; Long.MAX_VALUE when nothing is unread, Long.MIN_VALUE while
     * a partition with input left has brought nothing yet.
     */
    public static long settledBy(long unreadFloor, long latenessMillis) {
        return unreadFloor == Long.MAX_VALUE || unreadFloor == Long.MIN_VALUE ? unreadFloor : unreadFloor - latenessMillis;
    }

    /** Whether the unread floor keeps the watermark behind where the zone's inputs would have it. */
    public boolean held() { return heldMillis != null && heldMillis > watermarkMillis; }

    /**
     * With no input: event time is taken to pass as wall time does since the last input, but
     * never past real time less the lateness (inputs are then still due). Call it only when a
     * batch brought nothing at all: inputs set aside as late or ahead are not quiet.
     */
    public long advanceQuiet(long latenessMillis, long wallMillis) {
        return advanceQuiet(latenessMillis, wallMillis, Long.MAX_VALUE);
    }

    /** As {@link #advanceQuiet(long, long)}, never past {@code unreadFloor} less the lateness (see {@link #advanceTo(java.util.Map, long, long, long)}). */
    public long advanceQuiet(long latenessMillis, long wallMillis, long unreadFloor) {
        if (newestEventMillis == Long.MIN_VALUE || unreadFloor == Long.MIN_VALUE) {
            return watermarkMillis;
        }
        long quiet = Math.max(0, wallMillis - lastInputWallMillis);
        long target = Math.min(Math.min(newestEventMillis + quiet, wallMillis), unreadFloor) - latenessMillis;
        watermarkMillis = Math.max(watermarkMillis, target);
        return release(latenessMillis, unreadFloor);
    }
}
