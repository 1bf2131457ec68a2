package io.safetywatcher.store.alerts;

import io.safetywatcher.common.event.ActionKind;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Disposition;
import io.safetywatcher.common.event.Severity;
import io.safetywatcher.store.actions.ActionTables.Action;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The row mapping with logic: actions folded over an alert, and the list filter. */
class AlertTablesTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private static AlertTables.Full stored(boolean acknowledged, String ackBy) {
        return new AlertTables.Full("a1", "fp", "crowd_density", "crowd", "high", "FIRING", "z1", List.of("cam-1"), T0, T0, null, 0.9,
                "dense", List.of(), "v1", acknowledged, ackBy, acknowledged ? T0 : null, null, false, null, null, null, null,
                null);
    }

    /** A row as written before 014: false_alarm only (null on kinds other than resolve, as the service wrote them). */
    private static Action old(Instant at, ActionKind kind, String actor, String note, boolean falseAlarm) {
        return Action.stored(at, kind, actor, note, kind == ActionKind.RESOLVE ? falseAlarm : null, null, null, null);
    }

    @Test
    void theFirstAckAcknowledgesAndTheLatestResolveSaysHowItClosed() {
        AlertTables.Full f = stored(false, null).with(List.of(
                old(T0.plusSeconds(60), ActionKind.COMMENT, "olivia", "looking", false),
                old(T0.plusSeconds(120), ActionKind.ACK, "olivia", "on my way", false),
                old(T0.plusSeconds(180), ActionKind.ACK, "sam", "me too", false),
                old(T0.plusSeconds(240), ActionKind.RESOLVE, "sam", "false alarm", true),
                old(T0.plusSeconds(300), ActionKind.RESOLVE, "olivia", "real after all", false)));
        assertThat(f.acknowledged()).isTrue();
        assertThat(f.ackBy()).isEqualTo("olivia");
        assertThat(f.ackAt()).isEqualTo(T0.plusSeconds(120));
        assertThat(f.ackNote()).isEqualTo("on my way");
        assertThat(f.falseAlarm()).isFalse();
        assertThat(f.resolvedBy()).isEqualTo("olivia");
        assertThat(f.resolvedNote()).isEqualTo("real after all");
    }

    @Test
    void aResolveWithoutAnAckAcknowledgesWithoutItsNote() {
        AlertTables.Full f = stored(false, null).with(List.of(old(T0.plusSeconds(60), ActionKind.RESOLVE, "sam", "closed", true)));
        assertThat(f.acknowledged()).isTrue();
        assertThat(f.ackBy()).isEqualTo("sam");
        assertThat(f.ackNote()).isNull();
        assertThat(f.falseAlarm()).isTrue();
        assertThat(f.resolvedNote()).isEqualTo("closed");
    }

    @Test
    void anAckRecordedInTheAlertRowBeforeActionsExistedIsKept() {
        AlertTables.Full f = stored(true, "legacy").with(List.of(old(T0.plusSeconds(60), ActionKind.ACK, "sam", null, false)));
        assertThat(f.ackBy()).isEqualTo("legacy");
        assertThat(f.ackAt()).isEqualTo(T0);
    }

    @Test
    void anOldResolveReadsItsDispositionFromFalseAlarm() {
        assertThat(old(T0, ActionKind.RESOLVE, "sam", null, true).disposition()).isEqualTo(Disposition.FALSE_ALARM);
        assertThat(old(T0, ActionKind.RESOLVE, "sam", null, false).disposition()).isEqualTo(Disposition.TRUE_ALARM);
        assertThat(old(T0, ActionKind.ACK, "sam", null, false).disposition()).isNull();
        AlertTables.Full f = stored(false, null).with(List.of(old(T0.plusSeconds(60), ActionKind.RESOLVE, "sam", "a fox", true)));
        assertThat(f.disposition()).isEqualTo(Disposition.FALSE_ALARM);
        assertThat(f.dispositionCategory()).isNull();
        assertThat(f.assignee()).isNull();
    }

    @Test
    void aStoredDispositionWinsAndAnUnknownOneReadsAsNone() {
        // A test alarm is no false alarm: false_alarm stays false beside it.
        Action test = Action.stored(T0, ActionKind.RESOLVE, "sam", "drill", false, null, "test", "maintenance");
        assertThat(test.disposition()).isEqualTo(Disposition.TEST);
        assertThat(test.category()).isEqualTo("maintenance");
        assertThat(Action.stored(T0, ActionKind.RESOLVE, "sam", null, true, null, "hoax", null).disposition()).isNull();
    }

    @Test
    void theLatestResolveGivesDispositionAndCategoryAndTheLatestAssignTheAssignee() {
        AlertTables.Full f = stored(false, null).with(List.of(
                Action.stored(T0.plusSeconds(10), ActionKind.ASSIGN, "lead", "yours", null, "olivia", null, null),
                Action.stored(T0.plusSeconds(20), ActionKind.ASSIGN, "lead", null, null, "sam", null, null),
                old(T0.plusSeconds(30), ActionKind.RESOLVE, "sam", "thought so", true),
                Action.stored(T0.plusSeconds(40), ActionKind.RESOLVE, "sam", "a fox", false, null, "true_alarm", "animal")));
        assertThat(f.assignee()).isEqualTo("sam");
        assertThat(f.disposition()).isEqualTo(Disposition.TRUE_ALARM);
        assertThat(f.dispositionCategory()).isEqualTo("animal");
        assertThat(f.falseAlarm()).isFalse();
        assertThat(f.resolvedNote()).isEqualTo("a fox");
        // An assign neither acknowledges nor resolves.
        assertThat(f.ackBy()).isEqualTo("sam");
        AlertTables.Full unassigned = f.with(List.of(Action.stored(T0.plusSeconds(50), ActionKind.ASSIGN, "lead", null, null, "", null, null)));
        assertThat(unassigned.assignee()).isNull();
        assertThat(unassigned.disposition()).isEqualTo(Disposition.TRUE_ALARM);
        AlertTables.Full onlyAssigned = stored(false, null).with(List.of(
                Action.stored(T0, ActionKind.ASSIGN, "lead", null, null, "olivia", null, null)));
        assertThat(onlyAssigned.acknowledged()).isFalse();
        assertThat(onlyAssigned.disposition()).isNull();
    }

    @Test
    void theFilterMatchesTypeSeverityAndStateAndNullMeansAny() {
        AlertTables.Listed a = new AlertTables.Listed("a1", T0, AlertType.values()[0].id(), "c", Severity.values()[0].id(), "FIRING", "z1",
                "s", 1.0, null);
        assertThat(new AlertTables.Filter(null, null, null, null, T0, T0).matches(a)).isTrue();
        assertThat(new AlertTables.Filter(null, AlertType.values()[0], Severity.values()[0], AlertState.FIRING, T0, T0).matches(a)).isTrue();
        assertThat(new AlertTables.Filter(null, null, null, AlertState.RESOLVED, T0, T0).matches(a)).isFalse();
        assertThat(new AlertTables.Filter(null, AlertType.values()[1], null, null, T0, T0).matches(a)).isFalse();
    }
}
