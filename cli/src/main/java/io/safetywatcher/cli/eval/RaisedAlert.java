package io.safetywatcher.cli.eval;

import io.safetywatcher.common.event.AlertType;

import java.time.Instant;
import java.util.Objects;

/**
 * One alert as evaluation sees it: all of its lifecycle events folded into one.
 *
 * @param startedAt when its condition began (the alert's {@code startedAt})
 * @param firedAt   when it fired (the event time of its FIRING event): what an operator saw
 * @param endedAt   when it resolved, or null if it had not yet
 * @param events    its lifecycle events (FIRING, UPDATED, RESOLVED) as published: what a desk was paged with
 */
public record RaisedAlert(String id, AlertType type, String zone, Instant startedAt, Instant firedAt, Instant endedAt, int events) {
    public RaisedAlert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(firedAt, "firedAt");
    }
}
