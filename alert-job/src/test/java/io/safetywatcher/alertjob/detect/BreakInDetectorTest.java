package io.safetywatcher.alertjob.detect;

import io.safetywatcher.alertjob.Fixtures;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.rules.Zone;
import io.safetywatcher.common.event.OpeningHours;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Label;
import io.safetywatcher.common.event.SensorType;
import io.safetywatcher.common.event.Severity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static io.safetywatcher.alertjob.Fixtures.at;
import static io.safetywatcher.alertjob.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

class BreakInDetectorTest {
    private final BreakInDetector detector = new BreakInDetector(RuleSet.defaults());
    private final BreakInState state = new BreakInState();
    /** Open all day: only its doors count. */
    private final Zone open = zone("00:00-24:00");
    /** Closed at the fixtures' noon: its motion counts too. */
    private final Zone closed = zone("13:00-23:00");

    private static Zone zone(String hours) {
        return new Zone("z1", "test", OpeningHours.parse("opening_hours", hours), ZoneOffset.UTC, Duration.ofMinutes(10), 2);
    }

    private List<Condition> feed(ZoneReading... readings) {
        return feed(open, readings);
    }

    private List<Condition> feed(Zone zone, ZoneReading... readings) {
        List<Condition> out = new ArrayList<>();
        for (ZoneReading r : readings) {
            out.addAll(detector.detect(r, zone, state));
        }
        return out;
    }

    @Test
    void glassBreakThenDoorOpeningIsABreakIn() {
        List<Condition> out = feed(closed,
                reading("z1", "dc-1", SensorType.DOOR_CONTACT, 0, 0),
                reading("z1", "gb-1", SensorType.GLASS_BREAK, 10, 0.9),
                reading("z1", "dc-1", SensorType.DOOR_CONTACT, 50, 1));
        assertThat(out).containsExactly(new Condition(Fingerprint.ofZone(AlertType.BREAK_IN, "z1"), at(50), true, Severity.CRITICAL,
                0.9, "break-in in z1: glass break at gb-1, then door dc-1 opened 40s later", List.of("gb-1", "dc-1"),
                List.of("reading:gb-1@2024-05-14T12:00:10Z", "reading:dc-1@2024-05-14T12:00:50Z")));
    }

    @Test
    void motionAfterTheGlassBreakCountsWhileTheZoneIsClosed() {
        List<Condition> out = feed(closed,
                reading("z1", "gb-1", SensorType.GLASS_BREAK, 0, 0.8),
                reading("z1", "pir-1", SensorType.MOTION, 5, 0),
                reading("z1", "pir-1", SensorType.MOTION, 119, 1));
        assertThat(out).singleElement().satisfies(c -> {
            assertThat(c.time()).isEqualTo(at(119));
            assertThat(c.summary()).isEqualTo("break-in in z1: glass break at gb-1, then motion at pir-1 119s later");
        });
    }

    @Test
    void motionInAnOpenZoneIsPeopleWalkingPastNotABreakIn() {
        assertThat(feed(open,
                reading("z1", "gb-1", SensorType.GLASS_BREAK, 0, 0.8),
                reading("z1", "pir-1", SensorType.MOTION, 5, 1),
                reading("z1", "pir-1", SensorType.MOTION, 15, 1))).isEmpty();
    }

    @Test
    void inAnOpenZoneADoorCountsOnlyOnceItHasBeenHeldOpen() {
        assertThat(feed(open,
                reading("z1", "dc-1", SensorType.DOOR_CONTACT, 0, 0),
                reading("z1", "gb-1", SensorType.GLASS_BREAK, 10, 0.9),
                reading("z1", "dc-1", SensorType.DOOR_CONTACT, 20, 1),     // customers: open...
                reading("z1", "dc-1", SensorType.DOOR_CONTACT, 40, 0),     // ...and shut again
                reading("z1", "dc-1", SensorType.DOOR_CONTACT, 50, 1),
                reading("z1", "dc-1", SensorType.DOOR_CONTACT, 100, 1))).isEmpty(); // open 50 s: not yet
        List<Condition> out = feed(open, reading("z1", "dc-1", SensorType.DOOR_CONTACT, 110, 1));
        assertThat(out).singleElement().satisfies(c -> {
            assertThat(c.time()).isEqualTo(at(110));
            assertThat(c.summary()).isEqualTo("break-in in z1: glass break at gb-1, then door dc-1 held open (1m) 100s later");
        });
        // Once per opening: still open later is not a second break-in.
        assertThat(feed(open, reading("z1", "dc-1", SensorType.DOOR_CONTACT, 120, 1))).isEmpty();
    }

    @Test
    void anOpeningAfterTheWindowIsNot() {
        assertThat(feed(closed,
                reading("z1", "gb-1", SensorType.GLASS_BREAK, 0, 0.9),
                reading("z1", "dc-1", SensorType.DOOR_CONTACT, 121, 1))).isEmpty();
    }

    @Test
    void theWrongOrderIsNot() {
        assertThat(feed(closed,
                reading("z1", "dc-1", SensorType.DOOR_CONTACT, 0, 1),
                reading("z1", "pir-1", SensorType.MOTION, 1, 1),
                reading("z1", "gb-1", SensorType.GLASS_BREAK, 10, 0.9))).isEmpty();
    }

    @Test
    void aDoorThatWasAlreadyOpenDoesNotCompleteTheSequence() {
        assertThat(feed(closed,
                reading("z1", "dc-1", SensorType.DOOR_CONTACT, 0, 1),
                reading("z1", "gb-1", SensorType.GLASS_BREAK, 10, 0.9),
                reading("z1", "dc-1", SensorType.DOOR_CONTACT, 20, 1))).isEmpty();
        // ...but closing and opening it again does.
        assertThat(feed(closed,
                reading("z1", "dc-1", SensorType.DOOR_CONTACT, 30, 0),
                reading("z1", "dc-1", SensorType.DOOR_CONTACT, 40, 1))).hasSize(1);
    }

    @Test
    void aGlassBreakArrivingAfterTheDoorItPrecededStillMatches() {
        List<Condition> out = feed(closed,
                reading("z1", "dc-1", SensorType.DOOR_CONTACT, 40, 1),
                reading("z1", "gb-1", SensorType.GLASS_BREAK, 10, 0.9));
        assertThat(out).singleElement().satisfies(c -> {
            assertThat(c.time()).isEqualTo(at(40));
            assertThat(c.devices()).containsExactly("gb-1", "dc-1");
        });
    }

    @Test
    void anUnsureGlassBreakStartsNothing() {
        assertThat(feed(closed,
                reading("z1", "gb-1", SensorType.GLASS_BREAK, 0, 0.5),
                reading("z1", "dc-1", SensorType.DOOR_CONTACT, 5, 1))).isEmpty();
    }

    @Test
    void theStateStaysSmallOnABusyMotionSensor() {
        for (int s = 0; s < 10_000; s++) {
            detector.detect(reading("z1", "pir-1", SensorType.MOTION, s, 1), closed, state);
        }
        assertThat(state.openings).hasSizeLessThanOrEqualTo(BreakInState.MAX_OPENINGS);
        assertThat(Fixtures.serializedSize(state)).isLessThan(8_000);
    }

    /** Door readings 10 s apart from {@code fromSeconds}: {@code times} openings of {@code open} readings, each then shut one reading. */
    private double doorHabit(String door, double fromSeconds, int times, int open) {
        double t = fromSeconds;
        for (int i = 0; i < times; i++) {
            for (int k = 0; k <= open; k++) {
                detector.detect(reading("z1", door, SensorType.DOOR_CONTACT, t, k < open ? 1 : 0), open(), state);
                t += 10;
            }
        }
        return t;
    }

    private Zone open() { return open; }

    @Test
    void aDoorSeldomLeftOpenCountsSoonerThanHeldOpenOnceItsHabitIsKnown() {
        doorHabit("dc-1", -300, 6, 1); // opened six times, shut again by the next reading each time
        assertThat(feed(open,
                reading("z1", "gb-1", SensorType.GLASS_BREAK, 5, 0.9),
                reading("z1", "dc-1", SensorType.DOOR_CONTACT, 10, 1),
                reading("z1", "dc-1", SensorType.DOOR_CONTACT, 20, 1),
                reading("z1", "dc-1", SensorType.DOOR_CONTACT, 30, 1),
                reading("z1", "dc-1", SensorType.DOOR_CONTACT, 40, 1))).isEmpty();
        // Still open at the next reading: 1 in 8 so far (with the prior), so 5 readings in a row come by chance < 0.001.
        List<Condition> out = feed(open, reading("z1", "dc-1", SensorType.DOOR_CONTACT, 50, 1));
        assertThat(out).singleElement().satisfies(c -> {
            assertThat(c.time()).isEqualTo(at(50));
            assertThat(c.summary()).isEqualTo("break-in in z1: glass break at gb-1, then door dc-1 held open (40s) 45s later");
        });
        assertThat(feed(open, reading("z1", "dc-1", SensorType.DOOR_CONTACT, 60, 1))).isEmpty(); // once per opening
    }

    @Test
    void aDoorUsuallyLeftOpenIsNoSignOfABreakIn() {
        double t = doorHabit("dc-1", -1000, 10, 9); // the crowd keeps it open 90 s at a time
        List<ZoneReading> after = new ArrayList<>(List.of(reading("z1", "gb-1", SensorType.GLASS_BREAK, t, 0.9)));
        for (int i = 1; i <= 12; i++) {
            after.add(reading("z1", "dc-1", SensorType.DOOR_CONTACT, t + 10 * i, 1)); // open for two minutes: as usual
        }
        assertThat(feed(open, after.toArray(ZoneReading[]::new))).isEmpty();
    }

    @Test
    void aDoorLeftOpenMatchesByWhenItOpenedThoughItIsJudgedLater() {
        double t = doorHabit("dc-1", -1000, 6, 3); // open 30 s at a time: still open next time 13 in 20, so 18 readings are needed
        List<ZoneReading> after = new ArrayList<>(List.of(reading("z1", "gb-1", SensorType.GLASS_BREAK, t, 0.9)));
        for (int i = 0; i < 19; i++) {
            after.add(reading("z1", "dc-1", SensorType.DOOR_CONTACT, t + 100 + 10 * i, 1)); // opened 100 s after the glass
        }
        assertThat(feed(open, after.toArray(ZoneReading[]::new))).singleElement() // judged 270 s after the glass, past the window
                .satisfies(c -> assertThat(c.time()).isEqualTo(at(t + 270)));
    }

    @Test
    void readingsNeededGrowWithHowLongTheDoorUsuallyStaysOpen() {
        assertThat(BreakInDetector.readingsHeldOpen(0.1, 0.001)).isEqualTo(4);
        assertThat(BreakInDetector.readingsHeldOpen(0.5, 0.001)).isEqualTo(11);
        assertThat(BreakInDetector.readingsHeldOpen(0.85, 0.001)).isEqualTo(44);
        assertThat(BreakInDetector.readingsHeldOpen(0.0, 0.001)).isEqualTo(3);
    }

    @Test
    void aSmartCameraSeeingSomeoneGetInCountsInAnOpenZone() {
        feed(open, reading("z1", "gb-1", SensorType.GLASS_BREAK, 0, 0.9));
        assertThat(detector.detect(Fixtures.observation("z1", "cam-1", 3, new Label("trespassing", 0.55)), state)).isEmpty(); // unsure
        assertThat(detector.detect(Fixtures.observation("z1", "cam-1", 4, new Label("running", 0.95)), state)).isEmpty();
        assertThat(detector.detect(Fixtures.observation("z1", "cam-1", 5, new Label("trespassing", 0.83)), state))
                .singleElement().satisfies(c -> {
                    assertThat(c.time()).isEqualTo(at(5));
                    assertThat(c.summary()).isEqualTo("break-in in z1: glass break at gb-1, then cam-1 saw trespassing 0.83 5s later");
                    assertThat(c.devices()).containsExactly("gb-1", "cam-1");
                });
    }

    @Test
    void someoneSeenBeforeTheGlassBrokeIsNot() {
        assertThat(detector.detect(Fixtures.observation("z1", "cam-1", 0, new Label("trespassing", 0.9)), state)).isEmpty();
        assertThat(feed(open, reading("z1", "gb-1", SensorType.GLASS_BREAK, 5, 0.9))).isEmpty();
    }
}
