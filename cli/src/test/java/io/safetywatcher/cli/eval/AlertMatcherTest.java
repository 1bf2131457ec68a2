package io.safetywatcher.cli.eval;

import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Incident;
import io.safetywatcher.common.event.Severity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

class AlertMatcherTest {
    static final Instant T0 = Instant.parse("2026-11-02T14:00:00Z");
    static final Instant END = T0.plus(Duration.ofHours(2));
    final AlertMatcher matcher = new AlertMatcher(Expectations.standard(), Duration.ofSeconds(30));

    static Incident incident(String id, AlertType type, String zone, int startS, int endS) {
        return new Incident(id, type, zone, List.of(), T0.plusSeconds(startS), T0.plusSeconds(endS), 0.8);
    }

    static RaisedAlert alert(String id, AlertType type, String zone, int startedS, int firedS) {
        return alert(id, type, zone, startedS, firedS, 2);
    }

    static RaisedAlert alert(String id, AlertType type, String zone, int startedS, int firedS, int events) {
        return new RaisedAlert(id, type, zone, T0.plusSeconds(startedS), T0.plusSeconds(firedS), null, events);
    }

    @Test
    void timeToDetectCountsFromWhenTheIncidentBecameDetectable() {
        // A break-in starts with the pane; its door opens 40 s later. An old truth line has no detectable_from.
        Incident breakIn = incident("b", AlertType.BREAK_IN, "market", 600, 900).detectableFrom(T0.plusSeconds(640));
        Incident gun = incident("g", AlertType.GUNSHOT, "station", 600, 620);
        Scorecard s = matcher.score(List.of(breakIn, gun), List.of(alert("a1", AlertType.BREAK_IN, "market", 606, 646),
                alert("a2", AlertType.GUNSHOT, "station", 603, 603)), T0, END, 12);
        assertThat(row(s, AlertType.BREAK_IN).ttdSeconds()).containsExactly(6.0);
        assertThat(row(s, AlertType.GUNSHOT).ttdSeconds()).containsExactly(3.0);
        // Each detection names its incident and alert, so windows scored apart can pool their times.
        assertThat(s.detections()).extracting(Scorecard.Detection::incidentId, Scorecard.Detection::alertType,
                Scorecard.Detection::ttdSeconds).containsExactly(tuple("g", "gunshot", 3.0), tuple("b", "break-in", 6.0));
        assertThat(ScorecardFormat.json(s).get("detected").get(1).get("detectable_from").asText()).isEqualTo(T0.plusSeconds(640).toString());
        // Raised before the evidence is complete (the glass alone was enough): 0, not negative.
        Scorecard early = matcher.score(List.of(breakIn), List.of(alert("a3", AlertType.BREAK_IN, "market", 601, 610)), T0, END, 12);
        assertThat(row(early, AlertType.BREAK_IN).ttdSeconds()).containsExactly(0.0);
        TypeScore b = row(s, AlertType.BREAK_IN);
        assertThat(b.incidents()).isEqualTo(1);
        assertThat(b.recallInterval().low()).isCloseTo(0.207, within(5e-4));
        assertThat(ScorecardFormat.json(s).toString()).contains("\"recall_95\":[0.20").contains("\"incidents\":1");
    }

    @Test
    void anIncidentCoveredByAnAlertTheDeskAlreadyHadIsFoundAtThatMomentAndSaysSo() {
        // A second loiterer becomes detectable at 700 s while the zone's loitering alert, raised at 300 s
        // for the first, is still open (its condition kept alive): one alert per fingerprint, so no new one.
        Incident second = incident("l2", AlertType.LOITERING, "park", 400, 900).detectableFrom(T0.plusSeconds(700));
        RaisedAlert open = new RaisedAlert("lo", AlertType.LOITERING, "park", T0.plusSeconds(200), T0.plusSeconds(300),
                T0.plusSeconds(1000), 2);
        Scorecard s = matcher.score(List.of(second), List.of(open), T0, END, 12);
        assertThat(s.misses()).isEmpty();
        assertThat(s.detections()).extracting(Scorecard.Detection::incidentId, Scorecard.Detection::ttdSeconds,
                Scorecard.Detection::coveredBy).containsExactly(tuple("l2", 0.0, "loitering"));
        // Resolved within resolve_after (30 s) of the evidence: its condition had already gone, so it covered nothing.
        RaisedAlert ending = new RaisedAlert("lo", AlertType.LOITERING, "park", T0.plusSeconds(200), T0.plusSeconds(300),
                T0.plusSeconds(720), 2);
        assertThat(matcher.score(List.of(second), List.of(ending), T0, END, 12).misses()).hasSize(1);

        // A low crowd density held back at 640 s because a critical surge in its zone covered it: the density
        // detector found it, and the desk had the surge. Found at 640 s, not when the density fired on its own.
        Incident crowd = incident("d", AlertType.CROWD_DENSITY, "gate", 600, 1200).detectableFrom(T0.plusSeconds(630));
        List<RaisedAlert> alerts = List.of(alert("surge", AlertType.CROWD_SURGE, "gate", 640, 640),
                alert("dens", AlertType.CROWD_DENSITY, "gate", 640, 760));
        List<HeldBack> held = List.of(new HeldBack(AlertType.CROWD_DENSITY, "gate", Severity.LOW, T0.plusSeconds(640), "surge"),
                new HeldBack(AlertType.CROWD_DENSITY, "park", Severity.LOW, T0.plusSeconds(630), "elsewhere"));
        Scorecard c = matcher.score(List.of(crowd), alerts, held, T0, END, 12);
        assertThat(c.detections()).filteredOn(d -> d.alertType().equals("crowd-density"))
                .extracting(Scorecard.Detection::ttdSeconds, Scorecard.Detection::coveredBy).containsExactly(tuple(10.0, "crowd-surge"));
        assertThat(row(c, AlertType.CROWD_DENSITY).tp()).isEqualTo(1);
        assertThat(row(c, AlertType.CROWD_DENSITY).repeats()).isZero();
        assertThat(ScorecardFormat.table(c)).contains("found under an alert that covered them, not raised on their own: crowd-density 1 (crowd-surge 1)");
        // Held back and never raised: still found, by the surge.
        Scorecard never = matcher.score(List.of(crowd), alerts.subList(0, 1), held, T0, END, 12);
        assertThat(row(never, AlertType.CROWD_DENSITY).fn()).isZero();
        // Without what was held back (the alert topic does not carry it), the density is found when it fired.
        assertThat(row(matcher.score(List.of(crowd), alerts, T0, END, 12), AlertType.CROWD_DENSITY).ttdSeconds()).containsExactly(130.0);
        // Read back: the cover is kept, and an older file without it reads as raised.
        Scorecard back = ScorecardFormat.read(ScorecardFormat.json(c));
        assertThat(back.detections()).extracting(Scorecard.Detection::coveredBy).contains("crowd-surge");
        var old = ScorecardFormat.json(c);
        old.get("detected").forEach(d -> ((com.fasterxml.jackson.databind.node.ObjectNode) d).remove("covered_by"));
        assertThat(ScorecardFormat.read(old).detections()).noneMatch(Scorecard.Detection::covered);
    }

    @Test
    void aCrowdThinningOutOfAClosedZoneAfterItsEndIsStillItsPeopleNotAFalseIntrusion() {
        // The crowd's incident ends at 900 s; the scene shows it thinning out until 1020 s.
        Incident crowd = incident("c", AlertType.CROWD_DENSITY, "gate", 600, 900).evidentUntil(T0.plusSeconds(1020));
        List<RaisedAlert> alerts = List.of(alert("during", AlertType.INTRUSION, "gate", 700, 703),
                alert("leaving", AlertType.INTRUSION, "gate", 990, 993),
                alert("later", AlertType.INTRUSION, "gate", 1100, 1103),
                alert("elsewhere", AlertType.INTRUSION, "park", 990, 993));
        Scorecard s = matcher.score(List.of(crowd), alerts, T0, END, 12);
        TypeScore intrusion = row(s, AlertType.INTRUSION);
        assertThat(intrusion.side()).isEqualTo(2);
        assertThat(s.falseAlarms()).extracting(Scorecard.FalseAlarm::alertId).containsExactlyInAnyOrder("later", "elsewhere");
        // Normal life starts after the scene is back to normal (and the tolerance): 2 h less 600-1050 s.
        assertThat(s.normalHours()).isCloseTo(2 - (1050 - 570) / 3600.0, within(1e-9));
        // An old truth line (no evident_until): the crowd stops at its end, and the leaving crowd's intrusion is false.
        Scorecard old = matcher.score(List.of(incident("c", AlertType.CROWD_DENSITY, "gate", 600, 900)), alerts, T0, END, 12);
        assertThat(row(old, AlertType.INTRUSION).side()).isEqualTo(1);
    }

    @Test
    void eventsPerIncidentCountEveryEventOfTheAlertsThatDetectedIt() {
        List<Incident> truth = List.of(incident("i1", AlertType.GUNSHOT, "station", 600, 620),
                incident("i2", AlertType.GUNSHOT, "market", 900, 920));
        List<RaisedAlert> alerts = List.of(
                alert("a1", AlertType.GUNSHOT, "station", 604, 604, 3),
                alert("a1-again", AlertType.GUNSHOT, "station", 610, 610, 2), // a repeat: its events reached the desk too
                alert("a2", AlertType.GUNSHOT, "market", 905, 905, 2),
                alert("fp", AlertType.GUNSHOT, "park", 905, 905, 7));          // a false alarm is not an incident's
        Scorecard s = matcher.score(truth, alerts, T0, END, 12);
        TypeScore g = row(s, AlertType.GUNSHOT);
        assertThat(g.detectionEvents()).isEqualTo(7);
        assertThat(g.eventsPerIncident()).isEqualTo(3.5);
        assertThat(s.total().eventsPerIncident()).isEqualTo(3.5);
        assertThat(ScorecardFormat.table(s)).contains("ev/inc").containsPattern("gunshot .* 3\\.5\\n");
        assertThat(ScorecardFormat.json(s).toString()).contains("\"events_per_incident\":3.5");
    }

    @Test
    void foldingCountsEachAlertsEvents() {
        java.util.function.BiFunction<io.safetywatcher.common.event.AlertState, Integer, io.safetywatcher.common.event.Alert> ev =
                (state, s) -> new io.safetywatcher.common.event.Alert("a1", "gunshot@station/g1", AlertType.GUNSHOT,
                        io.safetywatcher.common.event.Severity.CRITICAL, state, "station", List.of("g1"), T0, T0.plusSeconds(s),
                        state == io.safetywatcher.common.event.AlertState.RESOLVED ? T0.plusSeconds(s) : null, 1.0, "shot", List.of(), "r1");
        List<RaisedAlert> folded = AlertSource.fold(List.of(ev.apply(io.safetywatcher.common.event.AlertState.FIRING, 1),
                ev.apply(io.safetywatcher.common.event.AlertState.UPDATED, 5), ev.apply(io.safetywatcher.common.event.AlertState.RESOLVED, 40)));
        assertThat(folded).singleElement().satisfies(a -> {
            assertThat(a.events()).isEqualTo(3);
            assertThat(a.firedAt()).isEqualTo(T0.plusSeconds(1));
            assertThat(a.endedAt()).isEqualTo(T0.plusSeconds(40));
        });
    }

    /** An intrusion alert's event at {@code s} seconds, started at 0 s. */
    static io.safetywatcher.common.event.Alert intrusion(io.safetywatcher.common.event.AlertState state, int s) {
        return new io.safetywatcher.common.event.Alert("a1", "intrusion@gate/cam", AlertType.INTRUSION,
                io.safetywatcher.common.event.Severity.HIGH, state, "gate", List.of("cam"), T0.plusSeconds(1), T0.plusSeconds(s),
                state == io.safetywatcher.common.event.AlertState.RESOLVED ? T0.plusSeconds(s) : null, 1.0, "person", List.of(), "r1");
    }

    @Test
    void aReopenedAlertIsRaisedAgainWhenItReopensAndDetectsTheIncidentThatReopenedIt() {
        var F = io.safetywatcher.common.event.AlertState.FIRING;
        var U = io.safetywatcher.common.event.AlertState.UPDATED;
        var R = io.safetywatcher.common.event.AlertState.RESOLVED;
        // Fired at 2 s for one intruder, resolved at 150 s, reopened at 300 s for a second, resolved at 420 s.
        List<RaisedAlert> folded = AlertSource.fold(List.of(intrusion(F, 2), intrusion(U, 60), intrusion(R, 150), intrusion(U, 300),
                intrusion(R, 420)));
        assertThat(folded).extracting(RaisedAlert::startedAt, RaisedAlert::firedAt, RaisedAlert::endedAt, RaisedAlert::events).containsExactly(
                org.assertj.core.groups.Tuple.tuple(T0.plusSeconds(1), T0.plusSeconds(2), T0.plusSeconds(150), 3),
                org.assertj.core.groups.Tuple.tuple(T0.plusSeconds(300), T0.plusSeconds(300), T0.plusSeconds(420), 2));

        Scorecard s = matcher.score(List.of(incident("i1", AlertType.INTRUSION, "gate", 0, 120), incident("i2", AlertType.INTRUSION, "gate", 298, 400)),
                folded, T0, END, 12);
        TypeScore t = row(s, AlertType.INTRUSION);
        assertThat(List.of(t.tp(), t.fp(), t.fn(), t.repeats())).as("tp, fp, fn, repeats").containsExactly(2, 0, 0, 0);
        assertThat(t.detectionEvents()).isEqualTo(5);

        // Reopened with no incident to explain it: the desk was paged for nothing, a false alarm.
        Scorecard alone = matcher.score(List.of(incident("i1", AlertType.INTRUSION, "gate", 0, 120)), folded, T0, END, 12);
        assertThat(List.of(row(alone, AlertType.INTRUSION).tp(), row(alone, AlertType.INTRUSION).fp())).containsExactly(1, 1);
    }

    static TypeScore row(Scorecard s, AlertType t) {
        return s.types().stream().filter(x -> x.type().equals(t.id())).findFirst().orElseThrow();
    }

    @Test
    void anAlertOfTheRightTypeZoneAndTimeIsATruePositiveWithItsTimeToDetect() {
        Scorecard s = matcher.score(List.of(incident("i1", AlertType.GUNSHOT, "station", 600, 620)),
                List.of(alert("a1", AlertType.GUNSHOT, "station", 604, 604)), T0, END, 12);
        TypeScore g = row(s, AlertType.GUNSHOT);
        assertThat(g.tp()).isEqualTo(1);
        assertThat(g.fp()).isZero();
        assertThat(g.fn()).isZero();
        assertThat(g.precision()).isEqualTo(1.0);
        assertThat(g.recall()).isEqualTo(1.0);
        assertThat(g.f1()).isEqualTo(1.0);
        assertThat(g.ttdP50()).isEqualTo(4.0);
        assertThat(s.misses()).isEmpty();
    }

    @Test
    void wrongZoneWrongTypeOrTooLateIsAFalsePositiveAndTheIncidentAMiss() {
        List<Incident> truth = List.of(incident("i1", AlertType.PANIC, "station", 600, 720));
        List<RaisedAlert> alerts = List.of(
                alert("zone", AlertType.PANIC, "market", 610, 610),
                alert("late", AlertType.PANIC, "station", 751, 760),      // starts 31 s after the end: outside 30 s
                alert("type", AlertType.GLASS_BREAK, "station", 610, 610));
        Scorecard s = matcher.score(truth, alerts, T0, END, 12);
        TypeScore p = row(s, AlertType.PANIC);
        assertThat(p.tp()).isZero();
        assertThat(p.fp()).isEqualTo(2);
        assertThat(p.fn()).isEqualTo(1);
        assertThat(p.precision()).isEqualTo(0.0);
        assertThat(row(s, AlertType.GLASS_BREAK).fp()).isEqualTo(1);
        assertThat(s.misses()).extracting(Scorecard.Miss::incidentId).containsExactly("i1");
        assertThat(s.falseAlarms()).extracting(Scorecard.FalseAlarm::alertId).containsExactlyInAnyOrder("zone", "late", "type");
    }

    @Test
    void withinTheToleranceEitherSideStillMatchesAndEarlyFiringCountsAsZeroTimeToDetect() {
        List<Incident> truth = List.of(incident("i1", AlertType.NOISE, "elm", 600, 720), incident("i2", AlertType.NOISE, "park", 600, 720));
        List<RaisedAlert> alerts = List.of(alert("early", AlertType.NOISE, "elm", 575, 575), alert("late", AlertType.NOISE, "park", 749, 749));
        TypeScore n = row(matcher.score(truth, alerts, T0, END, 12), AlertType.NOISE);
        assertThat(n.tp()).isEqualTo(2);
        assertThat(n.ttdSeconds()).containsExactlyInAnyOrder(0.0, 149.0);
    }

    @Test
    void repeatsForOneIncidentAreNeitherTruePositivesNorFalsePositives() {
        List<Incident> truth = List.of(incident("i1", AlertType.CROWD_DENSITY, "stadium", 600, 1200));
        List<RaisedAlert> alerts = List.of(alert("second", AlertType.CROWD_DENSITY, "stadium", 900, 930),
                alert("first", AlertType.CROWD_DENSITY, "stadium", 620, 650));
        TypeScore d = row(matcher.score(truth, alerts, T0, END, 12), AlertType.CROWD_DENSITY);
        assertThat(d.tp()).isEqualTo(1);
        assertThat(d.repeats()).isEqualTo(1);
        assertThat(d.fp()).isZero();
        assertThat(d.ttdSeconds()).containsExactly(50.0); // the first to fire detects it
    }

    @Test
    void sideEffectsOfAnIncidentAreToleratedButOnlyInItsZoneAndTime() {
        List<Incident> truth = List.of(incident("i1", AlertType.BREAK_IN, "campus", 600, 900));
        List<RaisedAlert> alerts = List.of(alert("bi", AlertType.BREAK_IN, "campus", 600, 630),
                alert("glass", AlertType.GLASS_BREAK, "campus", 600, 600),
                alert("glass-elsewhere", AlertType.GLASS_BREAK, "market", 600, 600));
        Scorecard s = matcher.score(truth, alerts, T0, END, 12);
        assertThat(row(s, AlertType.BREAK_IN).tp()).isEqualTo(1);
        TypeScore g = row(s, AlertType.GLASS_BREAK);
        assertThat(g.side()).isEqualTo(1);
        assertThat(g.fp()).isEqualTo(1);
        assertThat(g.recall()).isNaN(); // no incident expected a glass-break alert
    }

    @Test
    void aFightALoitererOrACrowdInAClosedZoneMakesTheIntrusionAlertASideAlert() {
        List<Incident> truth = List.of(incident("f", AlertType.FIGHT, "stadium", 600, 720),
                incident("l", AlertType.LOITERING, "park", 600, 1080),
                incident("c", AlertType.CROWD_SURGE, "station", 600, 900));
        List<RaisedAlert> alerts = List.of(alert("fight", AlertType.FIGHT, "stadium", 605, 612),
                alert("in-stadium", AlertType.INTRUSION, "stadium", 602, 604),
                alert("in-park", AlertType.INTRUSION, "park", 601, 603),
                alert("loiter", AlertType.LOITERING, "park", 900, 900),
                alert("in-station", AlertType.INTRUSION, "station", 610, 612));
        Scorecard s = matcher.score(truth, alerts, T0, END, 12);
        TypeScore intrusion = row(s, AlertType.INTRUSION);
        assertThat(intrusion.side()).isEqualTo(3);
        assertThat(intrusion.fp()).isZero();
        assertThat(row(s, AlertType.FIGHT).tp()).isEqualTo(1);
        assertThat(row(s, AlertType.LOITERING).tp()).isEqualTo(1);
    }

    @Test
    void aCrowdSurgeExpectsBothASurgeAndACrowdRiskAlert() {
        List<Incident> truth = List.of(incident("s1", AlertType.CROWD_SURGE, "stadium", 600, 960));
        Scorecard s = matcher.score(truth, List.of(alert("surge", AlertType.CROWD_SURGE, "stadium", 640, 650)), T0, END, 12);
        assertThat(row(s, AlertType.CROWD_SURGE).tp()).isEqualTo(1);
        assertThat(row(s, AlertType.CROWD_RISK).fn()).isEqualTo(1);
        assertThat(s.misses()).extracting(Scorecard.Miss::alertType).containsExactly("crowd-risk");
    }

    @Test
    void falseAlarmsPerCameraHourCountOnlyNormalLife() {
        // 2 h window, one incident 600..900 s widened by 30 s either side: 6 min busy, 1.9 h normal.
        List<Incident> truth = List.of(incident("i1", AlertType.GUNSHOT, "station", 600, 900));
        List<RaisedAlert> alerts = List.of(
                alert("during", AlertType.NOISE, "market", 700, 700),   // false, but while an incident runs elsewhere
                alert("normal1", AlertType.NOISE, "market", 3000, 3000),
                alert("normal2", AlertType.PANIC, "park", 5000, 5000));
        Scorecard s = matcher.score(truth, alerts, T0, END, 10);
        assertThat(s.normalHours()).isCloseTo(1.9, within(1e-9));
        assertThat(s.total().fp()).isEqualTo(3);
        assertThat(s.total().normalFalseAlarms()).isEqualTo(2);
        assertThat(s.total().falseAlarmsPerCameraHour()).isCloseTo(2 / 19.0, within(1e-9));
        assertThat(row(s, AlertType.NOISE).falseAlarmsPerCameraHour()).isCloseTo(1 / 19.0, within(1e-9));
    }

    @Test
    void onlyIncidentsAndAlertsStartingInTheWindowCount() {
        List<Incident> truth = List.of(incident("before", AlertType.PANIC, "station", -600, -500), incident("in", AlertType.PANIC, "station", 60, 120));
        List<RaisedAlert> alerts = List.of(alert("old", AlertType.PANIC, "station", -590, -590), alert("new", AlertType.PANIC, "station", 61, 61));
        Scorecard s = matcher.score(truth, alerts, T0, END, 1);
        assertThat(s.incidents()).isEqualTo(1);
        assertThat(s.alerts()).isEqualTo(1);
        assertThat(s.total().tp()).isEqualTo(1);
        assertThat(s.total().fp()).isZero();
    }

    @Test
    void percentilesAreNearestRank() {
        List<Double> v = List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0, 20.0);
        assertThat(Percentile.of(v, 50)).isEqualTo(10.0);
        assertThat(Percentile.of(v, 95)).isEqualTo(19.0);
        assertThat(Percentile.of(List.of(7.0), 95)).isEqualTo(7.0);
        assertThat(Percentile.of(List.of(), 50)).isNaN();
    }

    @Test
    void combiningWindowsAddsCountsAndCameraHours() {
        Scorecard a = matcher.score(List.of(incident("i1", AlertType.GUNSHOT, "station", 600, 620)),
                List.of(alert("a1", AlertType.GUNSHOT, "station", 602, 602)), T0, END, 10);
        Scorecard b = matcher.score(List.of(), List.of(alert("fa", AlertType.PANIC, "park", 60, 60)), T0, END, 10);
        Scorecard all = Scorecard.combine(List.of(a, b));
        assertThat(all.total().tp()).isEqualTo(1);
        assertThat(all.total().fp()).isEqualTo(1);
        assertThat(all.detections()).extracting(Scorecard.Detection::incidentId).containsExactly("i1");
        double camH = a.normalHours() * 10 + 2 * 10;
        assertThat(row(all, AlertType.PANIC).falseAlarmsPerCameraHour()).isCloseTo(1 / camH, within(1e-9));
        assertThat(Targets.shortfalls(all)).anyMatch(s -> s.startsWith("panic: precision 0.00"));
    }

    @Test
    void anEmptyWindowIsRefused() {
        assertThatThrownBy(() -> matcher.score(List.of(), List.of(), T0, T0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
