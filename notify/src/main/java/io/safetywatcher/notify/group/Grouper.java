package io.safetywatcher.notify.group;

import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.notify.route.Route;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Alertmanager's grouping timers, pure (time is passed in): a group is keyed by route and the
 * route's group-by values. Its first notification goes out {@code group_wait} after its first
 * event; later events wait until {@code group_interval} after the previous notification; a group
 * with firing alerts and nothing new is re-sent {@code repeat_interval} after the previous one. A
 * group has at most one notification in flight, so a receiver sees a group's events in order;
 * events that arrive meanwhile go in the next one. Resolved alerts leave the group once sent; an
 * empty group is forgotten.
 */
public final class Grouper {
    private static final class Group {
        final String key;
        final Route route;
        final String labels;
        final List<AlertEvent> fresh = new ArrayList<>();
        /** The latest event of each alert in the group, by alert id: what a repeat re-sends. */
        final Map<String, AlertEvent> latest = new LinkedHashMap<>();
        Instant nextFlush;
        Instant lastSent;
        boolean inFlight;

        Group(String key, Route route, String labels, Instant first) {
            this.key = key;
            this.route = route;
            this.labels = labels;
            this.nextFlush = first.plus(route.grouping().groupWait());
        }

        Instant due() {
            if (inFlight) {
                return null;
            }
            if (!fresh.isEmpty()) {
                return lastSent == null ? nextFlush : later(lastSent.plus(route.grouping().groupInterval()), nextFlush);
            }
            boolean firing = latest.values().stream().anyMatch(e -> e.alert().state() != AlertState.RESOLVED);
            return firing && lastSent != null ? lastSent.plus(route.grouping().repeatInterval()) : null;
        }
    }

    private final Map<String, Group> groups = new LinkedHashMap<>();

    /** Adds an event the route took; starts its group's wait if the group is new. */
    public void add(Route route, AlertEvent event, Instant now) {
        String labels = route.grouping().groupLabels(event.alert());
        String key = route.id() + "{" + labels + "}";
        Group g = groups.computeIfAbsent(key, k -> new Group(k, route, labels, now));
        g.fresh.add(event);
    }

    /** The notifications due at {@code now}; their groups are in flight until {@link #finished}. */
    public List<Notification> due(Instant now) {
        List<Notification> out = new ArrayList<>();
        for (Group g : groups.values()) {
            Instant due = g.due();
            if (due == null || due.isAfter(now)) {
                continue;
            }
            boolean repeat = g.fresh.isEmpty();
            List<AlertEvent> events = repeat ? List.copyOf(g.latest.values()) : List.copyOf(g.fresh);
            for (AlertEvent e : g.fresh) {
                g.latest.put(e.alert().id(), e);
            }
            g.fresh.clear();
            g.inFlight = true;
            g.lastSent = now;
            out.add(new Notification(g.key, g.route, g.labels, events, repeat));
        }
        return out;
    }

    /** The notification is done (acknowledged or given up on): resolved alerts leave the group, an empty group goes. */
    public void finished(Notification n) {
        Group g = groups.get(n.groupKey());
        if (g == null) {
            return;
        }
        g.inFlight = false;
        g.latest.values().removeIf(e -> e.alert().state() == AlertState.RESOLVED && n.events().contains(e));
        if (g.latest.isEmpty() && g.fresh.isEmpty()) {
            groups.remove(g.key);
        }
    }

    /** When the next notification falls due, if any is waiting. */
    public Optional<Instant> nextDue() {
        Instant next = null;
        for (Group g : groups.values()) {
            Instant d = g.due();
            if (d != null && (next == null || d.isBefore(next))) {
                next = d;
            }
        }
        return Optional.ofNullable(next);
    }

    public int groups() { return groups.size(); }

    private static Instant later(Instant a, Instant b) { return a.isAfter(b) ? a : b; }

    /** For tests: the group keys, in creation order. */
    List<String> keys() {
        return List.copyOf(groups.keySet());
    }
}
