package io.safetywatcher.alertjob.detect;

import io.safetywatcher.alertjob.Fixtures;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.rules.Zone;
import io.safetywatcher.common.event.OpeningHours;
import io.safetywatcher.common.event.AlertType;
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
}
