package io.safetywatcher.console.web;

import io.safetywatcher.common.event.ActionKind;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.Severity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The desk's alert list: one row per alert, changed in place by each lifecycle event (FIRING,
 * UPDATED, RESOLVED) and each operator action, never one line per event. An event older than
 * the row (a replay, a reordered partition) changes nothing. Bounded: beyond {@code capacity}
 * rows the oldest resolved alerts go first, then the oldest open ones. Pure: the Kafka reader
 * and the store feed it, the web handlers read it.
 */
public final class AlertBoard {
    /** One alert as the desk sees it. {@code version} grows with every change, so a page can drop stale pushes. */
    public record Row(String id, String type, String category, Severity severity, AlertState state, String zone, List<String> devices,
                      String summary, double score, Instant startedAt, Instant updatedAt, Instant endedAt, boolean evidence,
                      String ackBy, String assignee, long version) {
        public Row {
            devices = List.copyOf(devices);
        }

        public boolean open() { return state != AlertState.RESOLVED; }

        static Row of(Alert a, long version) {
            return new Row(a.id(), a.type().id(), a.category().id(), a.severity(), a.state(),
                    a.zone(), a.devices(), a.summary(), a.score(), a.startedAt(), a.updatedAt(), a.endedAt(), !a.evidence().isEmpty(),
                    null, null, version);
        }

        Row acted(String ackBy, String assignee, long version) {
            return new Row(id, type, category, severity, state, zone, devices, summary, score, startedAt, updatedAt, endedAt, evidence,
                    ackBy, assignee, version);
        }
    }

    /** What the desk filters on; null or blank means any. {@code state} is FIRING, UPDATED, RESOLVED or "open". */
    public record Filter(String zone, String type, Severity severity, String state) {
        public static final Filter ANY = new Filter(null, null, null, null);

        boolean matches(Row r) {
            return (zone == null || zone.isBlank() || zone.equals(r.zone()))
                    && (type == null || type.isBlank() || type.equals(r.type()))
                    && (severity == null || severity == r.severity())
                    && (state == null || state.isBlank() || ("open".equalsIgnoreCase(state) ? r.open() : state.equalsIgnoreCase(r.state().name())));
        }
    }

    /** Most severe first, then the latest change first, then by id so the order is total. */
    public static final Comparator<Row> DESK_ORDER = Comparator.comparing(Row::severity).reversed()
            .thenComparing(Row::updatedAt, Comparator.reverseOrder()).thenComparing(Row::id);

    private final int capacity;
    private final Map<String, Row> rows = new HashMap<>();
    private long version;

    public AlertBoard(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("an alert board holds at least one alert, not " + capacity);
        }
        this.capacity = capacity;
    }

    /** Folds one event in; the row as it now stands, or empty when the event is older than what the board has. */
    public synchronized Optional<Row> apply(Alert a) {
        Row old = rows.get(a.id());
        if (old != null && !newer(a, old)) {
            return Optional.empty();
        }
        Row r = Row.of(a, ++version);
        if (old != null) {
            r = r.acted(old.ackBy(), old.assignee(), r.version());
        }
        rows.put(r.id(), r);
        evict();
        return Optional.of(r);
    }

    /** A row read from the store at start; false when the board already has the alert as new or newer. */
    public synchronized boolean seed(Row r) {
        Row old = rows.get(r.id());
        if (old != null && !old.updatedAt().isBefore(r.updatedAt())) {
            return false;
        }
        rows.put(r.id(), new Row(r.id(), r.type(), r.category(), r.severity(), r.state(), r.zone(), r.devices(), r.summary(), r.score(),
                r.startedAt(), r.updatedAt(), r.endedAt(), r.evidence(), r.ackBy(), r.assignee(), ++version));
        evict();
        return true;
    }

    /** An operator's action on an alert the board holds: who acknowledged it, who it is assigned to. */
    public synchronized Optional<Row> acted(String alertId, ActionKind kind, String actor, String assignee) {
        Row old = rows.get(alertId);
        if (old == null) {
            return Optional.empty();
        }
        String ackBy = old.ackBy() == null && (kind == ActionKind.ACK || kind == ActionKind.RESOLVE) ? actor : old.ackBy();
        String to = kind == ActionKind.ASSIGN ? (assignee == null || assignee.isBlank() ? null : assignee) : old.assignee();
        if (java.util.Objects.equals(ackBy, old.ackBy()) && java.util.Objects.equals(to, old.assignee())) {
            return Optional.empty();
        }
        Row r = old.acted(ackBy, to, ++version);
        rows.put(alertId, r);
        return Optional.of(r);
    }

    /** The rows {@code f} lets through, in {@link #DESK_ORDER}, at most {@code limit}. */
    public synchronized List<Row> list(Filter f, int limit) {
        return rows.values().stream().filter(f::matches).sorted(DESK_ORDER).limit(limit).toList();
    }

    public synchronized Optional<Row> get(String id) { return Optional.ofNullable(rows.get(id)); }

    public synchronized int size() { return rows.size(); }

    /** Open alerts per zone, for the plan. */
    public synchronized Map<String, List<Row>> openByZone() {
        Map<String, List<Row>> m = new HashMap<>();
        rows.values().stream().filter(Row::open).forEach(r -> m.computeIfAbsent(r.zone(), z -> new ArrayList<>()).add(r));
        return m;
    }

    /** A later update, or the same instant moving on in the lifecycle (FIRING → UPDATED → RESOLVED). */
    private static boolean newer(Alert a, Row old) {
        int c = a.updatedAt().compareTo(old.updatedAt());
        return c > 0 || c == 0 && a.state().ordinal() > old.state().ordinal();
    }

    /** Resolved before open, then the oldest change: what a full board lets go of first. */
    private static final Comparator<Row> FIRST_TO_GO = Comparator.comparing(Row::open).thenComparing(Row::updatedAt).thenComparing(Row::id);

    /** One insert overflows by one at most: a linear search for the row to drop, not a sort of the board on every event. */
    private void evict() {
        while (rows.size() > capacity) {
            rows.values().stream().min(FIRST_TO_GO).ifPresent(r -> rows.remove(r.id()));
        }
    }
}
