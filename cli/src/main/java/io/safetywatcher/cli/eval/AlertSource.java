package io.safetywatcher.cli.eval;

import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where the alerts to evaluate come from: the alert tables or the alert topic. */
public interface AlertSource {

    /** Alerts whose condition started in [from, until). */
    List<RaisedAlert> alerts(Instant from, Instant until);

    /** One lifecycle event of an alert, as either source has it. */
    record Step(AlertState state, Instant at, Instant startedAt, Instant endedAt) {
        static Step of(Alert e) { return new Step(e.state(), e.updatedAt(), e.startedAt(), e.endedAt()); }
    }

    /**
     * Folds lifecycle events, grouped by alert in the order they were published, into alerts.
     * See {@link #episodes}.
     */
    static List<RaisedAlert> fold(Collection<Alert> events) {
        Map<String, List<Alert>> byId = new LinkedHashMap<>();
        for (Alert e : events) {
            byId.computeIfAbsent(e.id(), k -> new ArrayList<>()).add(e);
        }
        List<RaisedAlert> out = new ArrayList<>();
        byId.forEach((id, list) -> out.addAll(episodes(id, list.get(0).type(), list.get(0).zone(), list.stream().map(Step::of).toList())));
        return out;
    }

    /**
     * One alert's events, oldest first, as the desk saw them: one raised alert per time it was
     * raised. The FIRING event's time is when it fired (if that event is missing, its condition's
     * start stands in), the RESOLVED event's when it ended. An UPDATED event after a RESOLVED one
     * reopened the alert (the lifecycle's {@code reopen_within}): the desk was told of a new
     * occurrence at that moment, so it is raised again from there, to be matched on its own (to
     * a new incident, as a repeat of one, or as a false alarm), as the FIRING of a new alert
     * would have been without the reopen. Each event counts in the episode it belongs to.
     */
    static List<RaisedAlert> episodes(String id, AlertType type, String zone, List<Step> steps) {
        List<RaisedAlert> out = new ArrayList<>();
        Instant started = null;
        Instant fired = null;
        Instant ended = null;
        boolean sawFiring = false;
        int n = 0;
        for (Step s : steps) {
            boolean reopen = s.state() == AlertState.UPDATED && ended != null;
            if (reopen) {
                out.add(new RaisedAlert(id, type, zone, started, fired, ended, n));
                started = s.at();
                fired = s.at();
                ended = null;
                n = 0;
            }
            if (started == null) {
                started = s.startedAt();
                fired = s.startedAt();
            }
            if (s.state() == AlertState.FIRING && !sawFiring) {
                fired = s.at();
                sawFiring = true;
            } else if (s.state() == AlertState.RESOLVED) {
                ended = s.endedAt() != null ? s.endedAt() : s.at();
            }
            n++;
        }
        if (started != null) {
            out.add(new RaisedAlert(id, type, zone, started, fired, ended, n));
        }
        return out;
    }
}
