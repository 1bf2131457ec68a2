package io.safetywatcher.notify.group;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Which offsets of the alert topic may be committed: up to, not including, the oldest event some
 * receiver is not yet done with, per partition. An event counts once per route it went to; it is
 * done when each of those routes' notifications carrying it was acknowledged or dead-lettered.
 * Pure, single-threaded: the consumer's loop owns it.
 */
public final class OffsetTracker {
    /** Per partition: offset -> routes still owing it. */
    private final Map<Integer, TreeMap<Long, Integer>> pending = new HashMap<>();

    /** An event was read that {@code routes} receivers still owe (0: nothing to send, done at once). */
    public void read(int partition, long offset, int routes) {
        if (routes > 0) {
            pending.computeIfAbsent(partition, p -> new TreeMap<>()).merge(offset, routes, Integer::sum);
        }
    }

    /** One route is done with the event. */
    public void done(int partition, long offset) {
        TreeMap<Long, Integer> p = pending.get(partition);
        if (p == null) {
            return;
        }
        p.computeIfPresent(offset, (o, n) -> n <= 1 ? null : n - 1);
    }

    /** The oldest offset still owed in the partition, if any. */
    public OptionalLong oldestPending(int partition) {
        TreeMap<Long, Integer> p = pending.get(partition);
        return p == null || p.isEmpty() ? OptionalLong.empty() : OptionalLong.of(p.firstKey());
    }

    /** The offset to commit: the oldest still owed, else the consumer's position (all before it is done). */
    public long commitPoint(int partition, long position) {
        OptionalLong oldest = oldestPending(partition);
        return oldest.isPresent() ? Math.min(oldest.getAsLong(), position) : position;
    }

    /** Forgets a partition this consumer no longer owns. */
    public void forget(int partition) { pending.remove(partition); }

    public int owed() { return pending.values().stream().mapToInt(TreeMap::size).sum(); }
}
