package io.safetywatcher.alertjob.lifecycle;

import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;

import java.util.List;

/** What one step of the lifecycle produced: alert events to publish, and suppressions to record. */
public record LifecycleOutput(List<Alert> alerts, List<Suppression> suppressions) {
    public LifecycleOutput {
        alerts = List.copyOf(alerts);
        suppressions = List.copyOf(suppressions);
    }

    /** How many events of one state, for the per-batch log line. */
    public long count(AlertState state) {
        return alerts.stream().filter(a -> a.state() == state).count();
    }
}
