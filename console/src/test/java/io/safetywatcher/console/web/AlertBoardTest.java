package io.safetywatcher.console.web;

import io.safetywatcher.common.event.ActionKind;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The desk's list: one row per alert, changed in place, never moved back by an older event, bounded, in desk order. */
class AlertBoardTest {
    static final Instant T = Instant.parse("2026-12-04T10:00:00Z");

    static Alert event(String id, Severity s, AlertState state, int updatedSecond, String zone) {
        return new Alert(id, "fp-" + id, AlertType.GUNSHOT, s, state, zone, List.of("d1"), T, T.plusSeconds(updatedSecond),
                state == AlertState.RESOLVED ? T.plusSeconds(updatedSecond) : null, 0.9, "shot", List.of(), "r1");
    }

    @Test
    void eachAlertIsOneRowThatChangesInPlace() {
        AlertBoard b = new AlertBoard(100);
        assertThat(b.apply(event("a", Severity.HIGH, AlertState.FIRING, 0, "z"))).isPresent();
        assertThat(b.apply(event("a", Severity.CRITICAL, AlertState.UPDATED, 5, "z")).orElseThrow().severity()).isEqualTo(Severity.CRITICAL);
        AlertBoard.Row resolved = b.apply(event("a", Severity.CRITICAL, AlertState.RESOLVED, 9, "z")).orElseThrow();
        assertThat(b.size()).isEqualTo(1);
        assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(resolved.open()).isFalse();
    }

    @Test
    void anOlderOrRepeatedEventChangesNothing() {
        AlertBoard b = new AlertBoard(100);
        b.apply(event("a", Severity.HIGH, AlertState.UPDATED, 5, "z"));
        assertThat(b.apply(event("a", Severity.LOW, AlertState.FIRING, 0, "z"))).isEmpty();
        assertThat(b.apply(event("a", Severity.HIGH, AlertState.UPDATED, 5, "z"))).isEmpty();
        // the same instant, later in the lifecycle, is news
        assertThat(b.apply(event("a", Severity.HIGH, AlertState.RESOLVED, 5, "z"))).isPresent();
        assertThat(b.get("a").orElseThrow().severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void theListIsMostSevereFirstThenLatestAndFilters() {
        AlertBoard b = new AlertBoard(100);
        b.apply(event("low-new", Severity.LOW, AlertState.FIRING, 50, "z1"));
        b.apply(event("crit-old", Severity.CRITICAL, AlertState.FIRING, 1, "z2"));
        b.apply(event("crit-new", Severity.CRITICAL, AlertState.FIRING, 40, "z1"));
        b.apply(event("gone", Severity.CRITICAL, AlertState.RESOLVED, 60, "z1"));
        assertThat(b.list(AlertBoard.Filter.ANY, 10)).extracting(AlertBoard.Row::id).containsExactly("gone", "crit-new", "crit-old", "low-new");
        assertThat(b.list(new AlertBoard.Filter(null, null, null, "open"), 10)).extracting(AlertBoard.Row::id)
                .containsExactly("crit-new", "crit-old", "low-new");
        assertThat(b.list(new AlertBoard.Filter("z1", null, Severity.CRITICAL, "open"), 10)).extracting(AlertBoard.Row::id).containsExactly("crit-new");
        assertThat(b.list(new AlertBoard.Filter(null, "gunshot", null, "RESOLVED"), 10)).extracting(AlertBoard.Row::id).containsExactly("gone");
        assertThat(b.list(new AlertBoard.Filter(null, "fight", null, null), 10)).isEmpty();
        assertThat(b.list(AlertBoard.Filter.ANY, 2)).hasSize(2);
    }

    @Test
    void beyondItsCapacityResolvedAlertsGoFirst() {
        AlertBoard b = new AlertBoard(3);
        b.apply(event("old-open", Severity.LOW, AlertState.FIRING, 1, "z"));
        b.apply(event("resolved", Severity.LOW, AlertState.RESOLVED, 2, "z"));
        b.apply(event("open-2", Severity.LOW, AlertState.FIRING, 3, "z"));
        b.apply(event("open-3", Severity.LOW, AlertState.FIRING, 4, "z"));
        assertThat(b.list(AlertBoard.Filter.ANY, 10)).extracting(AlertBoard.Row::id).containsExactlyInAnyOrder("old-open", "open-2", "open-3");
        b.apply(event("open-4", Severity.LOW, AlertState.FIRING, 5, "z"));
        assertThat(b.list(AlertBoard.Filter.ANY, 10)).extracting(AlertBoard.Row::id).containsExactlyInAnyOrder("open-2", "open-3", "open-4");
        assertThatThrownBy(() -> new AlertBoard(0)).hasMessageContaining("at least one");
    }

    @Test
    void actionsShowWhoAcknowledgedAndWhoHasIt() {
        AlertBoard b = new AlertBoard(10);
        b.apply(event("a", Severity.HIGH, AlertState.FIRING, 0, "z"));
        long v = b.get("a").orElseThrow().version();
        AlertBoard.Row acked = b.acted("a", ActionKind.ACK, "olivia", null).orElseThrow();
        assertThat(acked.ackBy()).isEqualTo("olivia");
        assertThat(acked.version()).isGreaterThan(v);
        assertThat(b.acted("a", ActionKind.ACK, "bob", null)).as("the first acknowledgement stands").isEmpty();
        assertThat(b.acted("a", ActionKind.COMMENT, "bob", null)).isEmpty();
        assertThat(b.acted("a", ActionKind.ASSIGN, "bob", "carol").orElseThrow().assignee()).isEqualTo("carol");
        assertThat(b.acted("a", ActionKind.ASSIGN, "bob", "").orElseThrow().assignee()).isNull();
        assertThat(b.acted("unknown", ActionKind.ACK, "bob", null)).isEmpty();
        // a later event keeps what people did
        assertThat(b.apply(event("a", Severity.CRITICAL, AlertState.UPDATED, 3, "z")).orElseThrow().ackBy()).isEqualTo("olivia");
    }

    @Test
    void aSeededRowNeverReplacesANewerOne() {
        AlertBoard b = new AlertBoard(10);
        b.apply(event("a", Severity.HIGH, AlertState.UPDATED, 10, "z"));
        AlertBoard.Row old = new AlertBoard.Row("a", "gunshot", "suspicious-activity", Severity.LOW, AlertState.FIRING, "z", List.of(), "s", 0.5,
                T, T, null, false, null, null, 0);
        assertThat(b.seed(old)).isFalse();
        assertThat(b.get("a").orElseThrow().severity()).isEqualTo(Severity.HIGH);
        assertThat(b.seed(new AlertBoard.Row("b", "gunshot", "suspicious-activity", Severity.LOW, AlertState.FIRING, "z", List.of(), "s", 0.5,
                T, T, null, false, null, null, 0))).isTrue();
        assertThat(b.openByZone().get("z")).hasSize(2);
    }
}
