package io.safetywatcher.notify.route;

import io.safetywatcher.common.event.Alert;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A routing file, read: the tree, the receivers it names, and the time zone of time matchers
 * that name none.
 */
public record Routing(Route root, Map<String, Receiver> receivers, ZoneId defaultTimeZone) {
    public Routing {
        receivers = Map.copyOf(receivers);
    }

    /** The routes this event goes to; {@code zoneTime} gives a zone's own time zone where one is known. */
    public List<Route> route(Alert a, Instant now, Function<String, ZoneId> zoneTime) {
        return root.match(a, now, alert -> {
            ZoneId z = zoneTime.apply(alert.zone());
            return z != null ? z : defaultTimeZone;
        });
    }

    public Receiver receiver(Route r) { return receivers.get(r.receiver()); }
}
