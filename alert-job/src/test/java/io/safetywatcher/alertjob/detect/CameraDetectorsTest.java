package io.safetywatcher.alertjob.detect;

import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.rules.Zone;
import io.safetywatcher.alertjob.rules.ZoneFacts;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.safetywatcher.alertjob.Fixtures.frame;
import static org.assertj.core.api.Assertions.assertThat;

class CameraDetectorsTest {
    private static final Instant NIGHT = Instant.parse("2024-05-14T02:00:00Z");
    private static final Instant DAY = Instant.parse("2024-05-14T14:00:00Z");

    private final RuleSet rules = RuleSet.defaults();
    private final Zone park = rules.zone(new ZoneFacts("park-1", "park", "06:00-23:00", "UTC", 2));

    @Test
    void intrusionNeedsPeopleInAClosedZoneForSeveralFrames() {
        IntrusionDetector detector = new IntrusionDetector(rules);
        IntrusionState s = new IntrusionState();
        assertThat(detector.detect(frame("park-1", "cam-1", NIGHT, 1, 0.01, 0.1, List.of()), park, s)).isEmpty();
        assertThat(detector.detect(frame("park-1", "cam-1", NIGHT.plusMillis(200), 1, 0.01, 0.1, List.of()), park, s)).isEmpty();
        List<Condition> third = detector.detect(frame("park-1", "cam-1", NIGHT.plusMillis(400), 2, 0.02, 0.1, List.of()), park, s);
        assertThat(third).singleElement().satisfies(c -> {
            assertThat(c.active()).isTrue();
            assertThat(c.fingerprint().key()).isEqualTo("intrusion@park-1/cam-1");
            assertThat(c.severity()).isEqualTo(Severity.HIGH);
            assertThat(c.summary()).isEqualTo("2 people in park-1 while it is closed (open 06:00-23:00 UTC), seen by cam-1");
            assertThat(c.evidence()).containsExactly("frame:cam-1@2024-05-14T02:00:00.400Z");
        });
        // Empty frames for longer than max_gap (2 s) end the sighting, and the run starts again.
        assertThat(detector.detect(frame("park-1", "cam-1", NIGHT.plusSeconds(3), 0, 0, 0, List.of()), park, s))
                .singleElement().satisfies(c -> assertThat(c.active()).isFalse());
        assertThat(detector.detect(frame("park-1", "cam-1", NIGHT.plusSeconds(4), 1, 0.01, 0, List.of()), park, s)).isEmpty();
    }

    @Test
    void aFarIntruderFlickeringOutOfViewForAFrameIsStillSeen() {
        IntrusionDetector detector = new IntrusionDetector(rules);
        IntrusionState s = new IntrusionState();
        // Two frames a second; the figure drops out of the mask now and then (as a small one far off does at night).
        int[] people = {1, 1, 1, 0, 1, 1, 0, 1, 0, 0, 1};
        List<Boolean> said = new java.util.ArrayList<>();
        for (int i = 0; i < people.length; i++) {
            List<Condition> c = detector.detect(frame("park-1", "cam-1", NIGHT.plusMillis(500L * i), people[i], 0.01, 0.1, List.of()), park, s);
            said.add(c.isEmpty() ? null : c.get(0).active());
        }
        // Nothing until three frames in a row, then active whenever seen, and the gaps say nothing (no clear).
        assertThat(said).containsExactly(null, null, true, null, true, true, null, true, null, null, true);
        // A single frame with a figure (a headlight) is not an intruder, and its gap clears nothing already raised.
        IntrusionState fresh = new IntrusionState();
        assertThat(detector.detect(frame("park-1", "cam-1", NIGHT, 1, 0.01, 0.1, List.of()), park, fresh)).isEmpty();
        assertThat(detector.detect(frame("park-1", "cam-1", NIGHT.plusMillis(500), 0, 0, 0, List.of()), park, fresh))
                .singleElement().satisfies(c -> assertThat(c.active()).isFalse());
    }

    @Test
    void aBusyParkByDayIsNoIntrusion() {
        IntrusionDetector detector = new IntrusionDetector(rules);
        IntrusionState s = new IntrusionState();
        for (int i = 0; i < 100; i++) {
            assertThat(detector.detect(frame("park-1", "cam-1", DAY.plusSeconds(i), 30, 0.5, 0.3, List.of()), park, s))
                    .singleElement().satisfies(c -> assertThat(c.active()).isFalse());
        }
    }

    @Test
    void loiteringIsADwellLongerThanTheZoneAllows() {
        LoiteringDetector detector = new LoiteringDetector(rules);
        List<Track> tracks = List.of(new Track("t1", DAY.minus(Duration.ofMinutes(7))), new Track("t2", DAY.minusSeconds(30)));
        assertThat(detector.detect(frame("park-1", "cam-1", DAY, 2, 0.01, 0.1, tracks), park, null)).singleElement().satisfies(c -> {
            assertThat(c.active()).isTrue();
            assertThat(c.fingerprint().key()).isEqualTo("loitering@park-1/cam-1");
            assertThat(c.severity()).isEqualTo(Severity.LOW);
            assertThat(c.summary()).isEqualTo("1 person in view of cam-1 in park-1 longer than the 5m allowed (longest 7m)");
        });
        List<Track> passersBy = List.of(new Track("t3", DAY.minus(Duration.ofMinutes(4))), new Track("t4", DAY.minusSeconds(5)));
        assertThat(detector.detect(frame("park-1", "cam-1", DAY, 2, 0.01, 0.1, passersBy), park, null))
                .singleElement().satisfies(c -> assertThat(c.active()).isFalse());
    }

    @Test
    void aTrackLongInsideAGroupIsNoLoiterer() {
        LoiteringDetector detector = new LoiteringDetector(rules);
        Instant seen = DAY.minus(Duration.ofMinutes(7));
        // Last on its own 40 s ago: it may have passed from one person to another in the group since.
        List<Track> grouped = List.of(new Track("t1", seen, DAY.minusSeconds(40)));
        assertThat(detector.detect(frame("park-1", "cam-1", DAY, 3, 0.02, 0.1, grouped), park, null))
                .singleElement().satisfies(c -> assertThat(c.active()).isFalse());
        List<Track> alone = List.of(new Track("t1", seen, DAY.minusSeconds(10)));
        assertThat(detector.detect(frame("park-1", "cam-1", DAY, 3, 0.02, 0.1, alone), park, null))
                .singleElement().satisfies(c -> assertThat(c.active()).isTrue());
    }

    @Test
    void timeInACrowdIsNoDwell() {
        LoiteringDetector detector = new LoiteringDetector(rules);
        List<Track> tracks = List.of(new Track("t1", DAY.minus(Duration.ofMinutes(9))));
        // Seen for 9 minutes, but the zone was crowded until 4 minutes ago: 4 minutes count.
        assertThat(detector.detect(frame("park-1", "cam-1", DAY, 1, 0.01, 0.1, tracks), park, DAY.minus(Duration.ofMinutes(4))))
                .singleElement().satisfies(c -> assertThat(c.active()).isFalse());
        assertThat(detector.detect(frame("park-1", "cam-1", DAY, 1, 0.01, 0.1, tracks), park, DAY.minus(Duration.ofMinutes(6))))
                .singleElement().satisfies(c -> {
                    assertThat(c.active()).isTrue();
                    assertThat(c.summary()).endsWith("(longest 6m)");
                });
        // A crowd before the person arrived changes nothing.
        assertThat(detector.detect(frame("park-1", "cam-1", DAY, 1, 0.01, 0.1, tracks), park, DAY.minus(Duration.ofMinutes(30))))
                .singleElement().satisfies(c -> assertThat(c.summary()).endsWith("(longest 9m)"));
    }

    @Test
    void aCrowdedZoneIsNoFightNorForAWhileAfter() {
        FightDetector detector = new FightDetector(rules);
        FightState crowd = new FightState();
        for (int i = 0; i < 50; i++) {
            Instant t = DAY.plusMillis(i * 500L);
            assertThat(detector.detect(frame("z1", "cam-1", t, 40, 0.4, 0.9, List.of()), crowd, DAY, t, true)
                    .get(0).active()).isFalse();
        }
        // The crowd thins out: last crowded 2m59s ago, its jostling is still no fight; 3m01s ago, it is judged again.
        Instant later = DAY.plusSeconds(200);
        assertThat(detector.detect(frame("z1", "cam-1", later, 40, 0.4, 0.9, List.of()), crowd, later, later.minusSeconds(179), true)
                .get(0).active()).isFalse();
        assertThat(detector.detect(frame("z1", "cam-1", later, 40, 0.4, 0.9, List.of()), crowd, later, later.minusSeconds(181), true)
                .get(0).active()).isTrue();
    }

    /** A crowd forming jostles and is loud before the zone counts as crowded: dense in the camera's view, it is no fight. */
    @Test
    void aCrowdFormingInViewIsNoFightBeforeTheZoneIsCrowded() {
        FightDetector detector = new FightDetector(rules);
        FightState forming = new FightState();
        FightState busy = new FightState();
        Condition dense = null;
        Condition belowDense = null;
        for (int i = 0; i < 10; i++) {
            Instant t = DAY.plusMillis(i * 500L);
            // 270 people on 150 m² (1.8 p/m², under the 2.0 that makes the zone crowded), loud and violent.
            dense = detector.detect(frame("z1", "cam-1", t, 270, 1.8, 0.9, List.of()), forming, t, null, true).get(0);
            belowDense = detector.detect(frame("z1", "cam-1", t, 135, 0.9, 0.9, List.of()), busy, t, null, true).get(0);
        }
        assertThat(dense.active()).isFalse();
        assertThat(belowDense.active()).isTrue();
    }

    @Test
    void inABusyViewAFightNeedsNoise() {
        FightDetector detector = new FightDetector(rules);
        FightState silent = new FightState();
        FightState loud = new FightState();
        Condition withoutNoise = null;
        Condition withNoise = null;
        for (int i = 0; i < 10; i++) {
            Instant t = DAY.plusMillis(i * 500L);
            // 30 people on 150 m² (0.2 p/m², busy from 0.1), moving as violently as a brawl.
            withoutNoise = detector.detect(frame("z1", "cam-1", t, 30, 0.2, 0.8, List.of()), silent, null, null, true).get(0);
            withNoise = detector.detect(frame("z1", "cam-1", t, 30, 0.2, 0.8, List.of()), loud, DAY, null, true).get(0);
        }
        assertThat(withoutNoise.active()).isFalse();
        assertThat(withNoise.active()).isTrue();
        assertThat(withNoise.severity()).isEqualTo(Severity.HIGH);
        // The same motion in a quiet street (0.05 p/m²) is a fight without noise.
        FightState street = new FightState();
        Condition quietStreet = null;
        for (int i = 0; i < 10; i++) {
            quietStreet = detector.detect(frame("z1", "cam-1", DAY.plusMillis(i * 500L), 3, 0.05, 0.8, List.of()), street, null, null, true).get(0);
        }
        assertThat(quietStreet.active()).isTrue();
        // Where no sound sensor could have noticed (none in the zone, or still learning), motion decides.
        FightState deaf = new FightState();
        Condition unheard = null;
        for (int i = 0; i < 10; i++) {
            unheard = detector.detect(frame("z1", "cam-1", DAY.plusMillis(i * 500L), 30, 0.2, 0.8, List.of()), deaf, null, null, false).get(0);
        }
        assertThat(unheard.active()).isTrue();
    }

    @Test
    void fightNeedsViolentMotionOfSeveralPeople() {
        FightDetector detector = new FightDetector(rules);
        FightState walking = new FightState();
        for (int i = 0; i < 300; i++) {
            double motion = 0.2 + 0.2 * ((i * 7) % 10) / 10.0;
            assertThat(detector.detect(frame("z1", "cam-1", DAY.plusMillis(i * 200L), 12, 0.3, motion, List.of()), walking, null, null, true)
                    .get(0).active()).isFalse();
        }
        FightState jogger = new FightState();
        for (int i = 0; i < 20; i++) {
            assertThat(detector.detect(frame("z1", "cam-1", DAY.plusMillis(i * 200L), 1, 0.01, 0.9, List.of()), jogger, null, null, true)
                    .get(0).active()).isFalse();
        }
        FightState fight = new FightState();
        Condition c = null;
        for (int i = 0; i < 5; i++) {
            c = detector.detect(frame("z1", "cam-1", DAY.plusMillis(i * 200L), 3, 0.05, 0.85, List.of()), fight, null, null, true).get(0);
        }
        assertThat(c.active()).isTrue();
        assertThat(c.fingerprint().type()).isEqualTo(AlertType.FIGHT);
        assertThat(c.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(c.summary()).isEqualTo("possible fight at cam-1 in z1: 3 people, motion 0.85");
    }

    @Test
    void aNoiseAnomalyNearbyLowersTheBarAndRaisesTheSeverity() {
        FightDetector detector = new FightDetector(rules);
        FightState quiet = new FightState();
        FightState noisy = new FightState();
        Condition withoutNoise = null;
        Condition withNoise = null;
        for (int i = 0; i < 10; i++) {
            Instant t = DAY.plusMillis(i * 200L);
            withoutNoise = detector.detect(frame("z1", "cam-1", t, 2, 0.05, 0.35, List.of()), quiet, null, null, true).get(0);
            withNoise = detector.detect(frame("z1", "cam-1", t, 2, 0.05, 0.35, List.of()), noisy, DAY.minusSeconds(5), null, true).get(0);
        }
        assertThat(withoutNoise.active()).isFalse();
        assertThat(withNoise.active()).isTrue();
        assertThat(withNoise.severity()).isEqualTo(Severity.HIGH);
        assertThat(withNoise.summary()).endsWith(", with a noise anomaly nearby");
        // A noise anomaly half a minute ago is not "nearby".
        FightState stale = new FightState();
        assertThat(detector.detect(frame("z1", "cam-1", DAY, 2, 0.05, 0.35, List.of()), stale, DAY.minusSeconds(30), null, true).get(0).active())
                .isFalse();
    }

    @Test
    void cameraFeaturesRejectImpossibleValues() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> frame("z1", "cam-1", DAY, -1, 0, 0, List.of()))
                .hasMessage("peopleCount must be >= 0, got -1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> frame("z1", "cam-1", DAY, 1, 0, 1.5, List.of()))
                .hasMessage("motionEnergy must be within 0..1, got 1.5");
    }
}
