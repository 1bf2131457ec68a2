package io.safetywatcher.cli.demo;

import io.safetywatcher.cli.eval.HeldBack;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The terminal's fold of the alert topic: one line per alert firing and resolving, the history counted apart. */
class AlertFoldTest {
    static final Instant T = Instant.parse("2026-12-04T14:52:10Z");
    static final String ID = "1a2b3c4d-0000-3000-8000-000000000001";

    static Alert event(String id, AlertState state, Severity severity, Instant started, Instant updated, String summary) {
        return new Alert(id, "gunshot|central-station", AlertType.GUNSHOT, severity, state, "central-station", List.of("gun-station-01"),
                started, updated, state == AlertState.RESOLVED ? updated : null, 0.9, summary, List.of(), "v1");
    }

    static AlertFold noHistory() {
        return new AlertFold(a -> false);
    }

    @Test
    void anAlertsLifecycleGivesOneLineWhenItFiresAndOneWhenItResolves() {
        AlertFold fold = noHistory();
        Optional<AlertFold.Line> fired = fold.accept(event(ID, AlertState.FIRING, Severity.HIGH, T, T, "gunshot heard"));
        assertThat(fold.accept(event(ID, AlertState.UPDATED, Severity.HIGH, T, T.plusSeconds(5), "2 gunshots"))).isEmpty();
        assertThat(fold.accept(event(ID, AlertState.UPDATED, Severity.HIGH, T, T.plusSeconds(9), "3 gunshots"))).isEmpty();
        Optional<AlertFold.Line> resolved = fold.accept(event(ID, AlertState.RESOLVED, Severity.HIGH, T, T.plusSeconds(70), "quiet again"));

        assertThat(fired).map(AlertFold.Line::change).contains(AlertFold.Change.FIRING);
        assertThat(resolved).map(AlertFold.Line::change).contains(AlertFold.Change.RESOLVED);
        assertThat(fold.alerts()).isEqualTo(1);
        assertThat(fold.events()).isEqualTo(4);
        assertThat(fold.count()).isEqualTo("1 alert, 4 events");
        // A repeated resolution (a replayed event) says nothing new.
        assertThat(fold.accept(event(ID, AlertState.RESOLVED, Severity.HIGH, T, T.plusSeconds(70), "quiet again"))).isEmpty();
    }

    @Test
    void theLineCarriesTheAlertsOwnTimeSeverityTypeZoneSummaryAndShortId() {
        AlertFold fold = noHistory();
        String fired = fold.accept(event(ID, AlertState.FIRING, Severity.HIGH, T, T, "gunshot heard")).orElseThrow().format(ZoneOffset.UTC);
        assertThat(fired).matches("  14:52:10  FIRING\\s+high\\s+gunshot\\s+central-station\\s+gunshot heard  \\[1a2b3c4d]");
        String resolved = fold.accept(event(ID, AlertState.RESOLVED, Severity.HIGH, T, T.plusSeconds(70), "over")).orElseThrow()
                .format(ZoneOffset.UTC);
        assertThat(resolved).startsWith("  14:53:20  RESOLVED ").endsWith("over  [1a2b3c4d]");
    }

    @Test
    void aConditionHeldBackUnderACoveringAlertCountsAsFoundAndIsShownOnceWithThatAlertsType() {
        AlertFold fold = noHistory();
        fold.accept(event(ID, AlertState.FIRING, Severity.CRITICAL, T, T, "gunshot heard"));
        HeldBack noise = new HeldBack(AlertType.NOISE, "central-station", Severity.MEDIUM, T.plusSeconds(2), ID);
        assertThat(fold.held(noise, ZoneOffset.UTC)).hasValueSatisfying(line -> assertThat(line)
                .matches("  14:52:12  HELD BACK\\s+medium\\s+noise\\s+central-station\\s+covered by the gunshot alert  \\[1a2b3c4d]"));
        assertThat(fold.held(new HeldBack(AlertType.NOISE, "central-station", Severity.MEDIUM, T.plusSeconds(9), ID), ZoneOffset.UTC)).isEmpty();
        assertThat(fold.typesHeldBack(T, T.plusSeconds(60))).containsExactly("noise");
        assertThat(fold.typesHeldBack(T.plusSeconds(3), T.plusSeconds(60))).isEmpty();
        assertThat(fold.typesStarted(T, T.plusSeconds(60))).containsExactly("gunshot");
    }

    @Test
    void anUpdateShowsOnlyWhenItChangesTheSeverityOrReopens() {
        AlertFold fold = noHistory();
        fold.accept(event(ID, AlertState.FIRING, Severity.MEDIUM, T, T, "crowd rising"));
        AlertFold.Line up = fold.accept(event(ID, AlertState.UPDATED, Severity.HIGH, T, T.plusSeconds(30), "crowd dense")).orElseThrow();
        assertThat(up.change()).isEqualTo(AlertFold.Change.SEVERITY);
        assertThat(up.format(ZoneOffset.UTC)).contains("medium->high");
        fold.accept(event(ID, AlertState.RESOLVED, Severity.HIGH, T, T.plusSeconds(90), "thinned"));
        // The lifecycle reopens a fingerprint that fires again soon, as an UPDATED event of the same id.
        AlertFold.Line reopened = fold.accept(event(ID, AlertState.UPDATED, Severity.HIGH, T, T.plusSeconds(120), "reopened: dense")).orElseThrow();
        assertThat(reopened.change()).isEqualTo(AlertFold.Change.REOPENED);
        assertThat(fold.alerts()).isEqualTo(1);
        assertThat(fold.events()).isEqualTo(4);
    }

    @Test
    void historyAlertsAreCountedOnceAndNeverShown() {
        Instant timeline = T;
        AlertFold fold = new AlertFold(a -> a.startedAt().isBefore(timeline));
        String old = "99999999-0000-3000-8000-000000000002";
        assertThat(fold.accept(event(old, AlertState.FIRING, Severity.HIGH, T.minusSeconds(3600), T.minusSeconds(3600), "old"))).isEmpty();
        assertThat(fold.accept(event(old, AlertState.RESOLVED, Severity.HIGH, T.minusSeconds(3600), T.plusSeconds(5), "old"))).isEmpty();
        assertThat(fold.accept(event(ID, AlertState.FIRING, Severity.HIGH, T, T, "live"))).isPresent();
        assertThat(fold.historyAlerts()).isEqualTo(1);
        assertThat(fold.alerts()).isEqualTo(1);
        assertThat(fold.events()).isEqualTo(1);
        assertThat(fold.typesStarted(T.minusSeconds(7200), T)).isEmpty();
        assertThat(fold.typesStarted(T, Instant.MAX)).containsExactly("gunshot");
    }

    @Test
    void historyAlertsAreToldByTypeMostFirstEachAlertOnce() {
        AlertFold fold = new AlertFold(a -> true);
        Instant h = T.minusSeconds(3600);
        fold.accept(event("00000001-0000-3000-8000-000000000001", AlertState.FIRING, Severity.HIGH, h, h, "one"));
        fold.accept(event("00000001-0000-3000-8000-000000000001", AlertState.RESOLVED, Severity.HIGH, h, h.plusSeconds(40), "one"));
        for (int i = 2; i <= 3; i++) {
            Alert noise = event("0000000" + i + "-0000-3000-8000-000000000001", AlertState.FIRING, Severity.MEDIUM, h, h, "loud");
            fold.accept(new Alert(noise.id(), "noise|old-market", AlertType.NOISE, noise.severity(), noise.state(), "old-market",
                    noise.devices(), noise.startedAt(), noise.updatedAt(), null, 0.7, noise.summary(), List.of(), "v1"));
        }
        assertThat(fold.historyAlerts()).isEqualTo(3);
        assertThat(fold.historyByType()).isEqualTo("noise 2, gunshot 1");
        assertThat(noHistory().historyByType()).isEmpty();
    }

    @Test
    void anAlertFirstSeenAfterItsFiringShowsAsItIsNow() {
        AlertFold fold = noHistory();
        assertThat(fold.accept(event(ID, AlertState.UPDATED, Severity.HIGH, T, T.plusSeconds(5), "2 gunshots")))
                .map(AlertFold.Line::change).contains(AlertFold.Change.FIRING);
        String other = "abcdef12-0000-3000-8000-000000000003";
        assertThat(fold.accept(event(other, AlertState.RESOLVED, Severity.LOW, T, T.plusSeconds(5), "over")))
                .map(AlertFold.Line::change).contains(AlertFold.Change.RESOLVED);
        assertThat(fold.count()).isEqualTo("2 alerts, 2 events");
    }
}
