package io.safetywatcher.notify.group;

import io.safetywatcher.notify.route.Route;

import java.util.List;

/**
 * What one receiver gets at once: the events of one group since its last notification, in the
 * order they were read (so per alert in lifecycle order), or for a repeat the latest event of each
 * alert still firing.
 *
 * @param groupKey route id and group labels: "route.routes[0]{zone=plaza}"
 * @param repeat   true when nothing changed and the group is re-sent after its repeat interval
 */
public record Notification(String groupKey, Route route, String labels, List<AlertEvent> events, boolean repeat) {
    public Notification {
        events = List.copyOf(events);
    }
}
