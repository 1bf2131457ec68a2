package io.safetywatcher.common.event;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Dispositions, their reconciliation with the older false_alarm flag, and the short texts an action carries. */
class DispositionTest {
    @Test
    void idsAndTheOlderFlagMapBothWays() {
        assertThat(Disposition.of("test")).contains(Disposition.TEST);
        assertThat(Disposition.of("TEST")).isEmpty();
        assertThat(Disposition.choices()).isEqualTo("true_alarm, false_alarm or test");
        assertThat(Disposition.fromFalseAlarm(true)).isEqualTo(Disposition.FALSE_ALARM);
        assertThat(Disposition.fromFalseAlarm(false)).isEqualTo(Disposition.TRUE_ALARM);
        assertThat(Disposition.fromFalseAlarm(null)).isNull();
        assertThat(Disposition.TEST.falseAlarm()).isFalse();
        assertThat(ActionKind.of("assign")).contains(ActionKind.ASSIGN);
    }

    @Test
    void aDispositionAndTheFlagMustAgree() {
        assertThat(Disposition.reconcile(null, null, "d", "f")).isNull();
        assertThat(Disposition.reconcile(null, true, "d", "f")).isEqualTo(Disposition.FALSE_ALARM);
        assertThat(Disposition.reconcile(Disposition.TEST, false, "d", "f")).isEqualTo(Disposition.TEST);
        assertThat(Disposition.reconcile(Disposition.FALSE_ALARM, true, "d", "f")).isEqualTo(Disposition.FALSE_ALARM);
        assertThatThrownBy(() -> Disposition.reconcile(Disposition.TRUE_ALARM, true, "--disposition", "--false-alarm"))
                .hasMessage("--false-alarm true contradicts --disposition true_alarm (give one of them)");
    }

    @Test
    void categoriesAndNamesAreShortPrintableLines() {
        assertThat(ActionFields.categoryProblem(null)).isEmpty();
        assertThat(ActionFields.categoryProblem("animal")).isEmpty();
        assertThat(ActionFields.categoryProblem("x".repeat(100))).isEmpty();
        assertThat(ActionFields.categoryProblem("x".repeat(101))).hasValueSatisfying(m -> assertThat(m).startsWith("is longer than 100"));
        assertThat(ActionFields.categoryProblem(" ")).hasValue("must say something (or leave it out)");
        assertThat(ActionFields.categoryProblem("a\tb")).hasValueSatisfying(m -> assertThat(m).contains("printable"));
        assertThat(ActionFields.assigneeProblem("")).as("an unassign").isEmpty();
        assertThat(ActionFields.assigneeProblem("Zoë O'Neill")).isEmpty();
        assertThat(ActionFields.assigneeProblem("o".repeat(65))).hasValueSatisfying(m -> assertThat(m).startsWith("is longer than 64"));
        assertThat(ActionFields.assigneeProblem("ol\u0000ivia")).isPresent();
    }
}
