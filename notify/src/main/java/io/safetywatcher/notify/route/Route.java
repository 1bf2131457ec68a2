package io.safetywatcher.notify.route;

import io.safetywatcher.common.event.Alert;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One node of the routing tree, with what it inherits already filled in (receiver, grouping).
 * An event enters a node whose matcher accepts it, then its children in order: the first child
 * that takes it ends the search unless that child says {@code continue}; a node none of whose
 * children took the event takes it itself. This is Alertmanager's routing.
 *
 * @param id   where it is in the file, "route" or "route.routes[1]": names its groups
 * @param line the file line it starts on, for messages
 */
public record Route(String id, int line, Matcher matcher, String receiver, Grouping grouping, boolean continueMatching,
                    List<Route> routes) {
    public Route {
        routes = List.copyOf(routes);
    }

    /** The routes that take this event, in tree order; {@code zoneTime} gives an alert's zone time zone. */
    public List<Route> match(Alert a, Instant now, Function<Alert, ZoneId> zoneTime) {
        List<Route> taken = new ArrayList<>();
        if (matcher.matches(a, now, zoneTime.apply(a))) {
            collect(a, now, zoneTime, taken);
        }
        return taken;
    }

    /** This node accepted the event: its children decide, or it keeps it. */
    private void collect(Alert a, Instant now, Function<Alert, ZoneId> zoneTime, List<Route> taken) {
        boolean anyChild = false;
        for (Route child : routes) {
            if (child.matcher.matches(a, now, zoneTime.apply(a))) {
                anyChild = true;
                child.collect(a, now, zoneTime, taken);
                if (!child.continueMatching) {
                    break;
                }
            }
        }
        if (!anyChild) {
            taken.add(this);
        }
    }
}
