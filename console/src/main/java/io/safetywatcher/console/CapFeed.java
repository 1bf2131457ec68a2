package io.safetywatcher.console;

import io.safetywatcher.common.cap.CapMessage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The latest CAP messages in memory, newest first, at most {@code capacity} of them: what the
 * feed lists and the documents it links to. Newest by {@code sent}; among messages sent in the
 * same second, the one read later first. A message read again (same identifier) replaces itself.
 */
final class CapFeed {
    private record Held(CapMessage message, long arrival) {}

    private static final Comparator<Held> NEWEST_FIRST = Comparator.<Held, java.time.Instant>comparing(h -> h.message().sent().toInstant())
            .thenComparingLong(Held::arrival).reversed();

    private final int capacity;
    private final TreeSet<Held> ordered = new TreeSet<>(NEWEST_FIRST);
    private final Map<String, Held> byId = new HashMap<>();
    private long arrivals;

    CapFeed(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the CAP feed keeps at least one message, not " + capacity);
        }
        this.capacity = capacity;
    }

    synchronized void add(CapMessage m) {
        Held old = byId.remove(m.identifier());
        if (old != null) {
            ordered.remove(old);
        }
        Held h = new Held(m, arrivals++);
        ordered.add(h);
        byId.put(m.identifier(), h);
        while (ordered.size() > capacity) {
            byId.remove(ordered.pollLast().message().identifier());
        }
    }

    /** Newest first, at most {@code limit}. */
    synchronized List<CapMessage> latest(int limit) {
        List<CapMessage> out = new ArrayList<>(Math.min(limit, ordered.size()));
        for (Held h : ordered) {
            if (out.size() == limit) {
                break;
            }
            out.add(h.message());
        }
        return out;
    }

    synchronized Optional<CapMessage> get(String identifier) {
        return Optional.ofNullable(byId.get(identifier)).map(Held::message);
    }

    synchronized int size() { return ordered.size(); }

    int capacity() { return capacity; }
}
