package io.safetywatcher.cli.eval;

import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;

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

    /**
     * Folds lifecycle events into alerts: the FIRING event's time is when it fired (if that
     * event is missing, its condition's start stands in), the RESOLVED event's when it ended.
     */
    static List<RaisedAlert> fold(Collection<Alert> events) {
        Map<String, Alert[]> byId = new LinkedHashMap<>();
        Map<String, Integer> counts = new java.util.HashMap<>();
        for (Alert e : events) {
            Alert[] steps = byId.computeIfAbsent(e.id(), k -> new Alert[2]);
            counts.merge(e.id(), 1, Integer::sum);
            if (e.state() == AlertState.FIRING) {
                steps[0] = e;
            } else if (steps[1] == null || e.state() == AlertState.RESOLVED) {
                steps[1] = e;
            }
        }
        List<RaisedAlert> out = new ArrayList<>();
        byId.forEach((id, steps) -> {
            Alert any = steps[0] != null ? steps[0] : steps[1];
            Instant fired = steps[0] != null ? steps[0].updatedAt() : any.startedAt();
            Instant ended = steps[1] != null && steps[1].state() == AlertState.RESOLVED ? steps[1].endedAt() : null;
            out.add(new RaisedAlert(id, any.type(), any.zone(), any.startedAt(), fired, ended, counts.get(id)));
        });
        return out;
    }
}
