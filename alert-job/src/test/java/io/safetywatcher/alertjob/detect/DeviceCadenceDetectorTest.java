package io.safetywatcher.alertjob.detect;

import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.SensorType;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.safetywatcher.alertjob.Fixtures.at;
import static io.safetywatcher.alertjob.Fixtures.frame;
import static io.safetywatcher.alertjob.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

/** Offline cameras and silent sensors, on the default rules (camera 30 s; sensor 5 periods, at least 30 s). */
class DeviceCadenceDetectorTest {
    private static final String ZONE = "z";
    private final DeviceCadenceDetector detector = new DeviceCadenceDetector(RuleSet.defaults());
    private final Map<String, Cadence> registered = Map.of("snd-1", Cadence.ofSensor(10_000), "fast-1", Cadence.ofSensor(1_000),
            "cam-1", Cadence.ofCamera(), "never-1", Cadence.ofSensor(10_000));
    private final Map<String, DeviceCadence> states = new HashMap<>();

    private List<Condition> seen(ZoneInput in) {
        return detector.seen(in, registered.get(in.deviceId()), states.computeIfAbsent(in.deviceId(), k -> new DeviceCadence()));
    }

    @Test
    void aSensorIsSilentAfterFiveMissedPeriodsAndClearsWhenItReportsAgain() {
        assertThat(seen(reading(ZONE, "snd-1", SensorType.SOUND_LEVEL, 0, 50))).isEmpty();
        assertThat(detector.tick(ZONE, at(50), registered, states)).as("five periods exactly: not yet").isEmpty();
        assertThat(detector.nextDue(registered, states)).contains(at(50.001));

        List<Condition> silent = detector.tick(ZONE, at(51), registered, states);
        assertThat(silent).hasSize(2).allSatisfy(c -> {
            assertThat(c.active()).isTrue();
            assertThat(c.fingerprint()).isEqualTo(new Fingerprint(AlertType.SENSOR_SILENT, ZONE, "snd-1"));
        });
        // It starts when the limit ran out, whenever the zone's clock got there, and is said again at the tick.
        assertThat(silent).extracting(Condition::time).containsExactly(at(50.001), at(51));
        assertThat(silent.get(1).summary()).contains("no reading for 51 s", "5 of its 10.0 s periods");
        assertThat(detector.nextDue(registered, states)).as("said again before resolve_after (1 min) runs out").contains(at(81));

        List<Condition> back = seen(reading(ZONE, "snd-1", SensorType.SOUND_LEVEL, 70, 50));
        assertThat(back).singleElement().satisfies(c -> {
            assertThat(c.active()).isFalse();
            assertThat(c.fingerprint().type()).isEqualTo(AlertType.SENSOR_SILENT);
        });
        assertThat(detector.tick(ZONE, at(100), registered, states)).isEmpty();
    }

    @Test
    void aGapNoTickSawIsRaisedWhenTheSensorReportsAgainAndClearedAtOnce() {
        seen(reading(ZONE, "snd-1", SensorType.SOUND_LEVEL, 0, 50));
        // The zone's clock held back (another partition unread, frames paused): no tick while the gap lasts.
        List<Condition> back = seen(reading(ZONE, "snd-1", SensorType.SOUND_LEVEL, 95, 50));
        // As a live zone clock (30 s behind) would have had it: silent from when the limit ran out
        // (50 s) until the last tick before the report (65 s), cleared by the report.
        assertThat(back).extracting(Condition::time).containsExactly(at(50.001), at(65), at(95));
        assertThat(back).extracting(Condition::active).containsExactly(true, true, false);
        assertThat(back).extracting(Condition::fingerprint).containsOnly(new Fingerprint(AlertType.SENSOR_SILENT, ZONE, "snd-1"));
        assertThat(back.get(1).summary()).contains("no reading for 65 s", "reported again at " + at(95));
        assertThat(detector.tick(ZONE, at(100), registered, states)).as("not silent any more").isEmpty();
    }

    @Test
    void aGapATickWouldNotHaveSeenLiveIsNotASilence() {
        // Live the zone's clock runs the allowed lateness (30 s) behind: a 75 s gap ends before a tick passes 50 s.
        seen(reading(ZONE, "snd-1", SensorType.SOUND_LEVEL, 0, 50));
        assertThat(seen(reading(ZONE, "snd-1", SensorType.SOUND_LEVEL, 75, 50))).isEmpty();
        // A gap longer than the zone gap (10 min) may be the whole zone without input: left alone, as a tick's restart leaves it.
        assertThat(seen(reading(ZONE, "snd-1", SensorType.SOUND_LEVEL, 75 + 601, 50))).isEmpty();
    }

    @Test
    void aSilenceATickRaisedIsNotRaisedAgainByTheReportThatEndsIt() {
        seen(reading(ZONE, "snd-1", SensorType.SOUND_LEVEL, 0, 50));
        assertThat(detector.tick(ZONE, at(51), registered, states)).isNotEmpty();
        assertThat(seen(reading(ZONE, "snd-1", SensorType.SOUND_LEVEL, 90, 50))).singleElement()
                .satisfies(c -> assertThat(c.active()).isFalse());
    }

    @Test
    void aFastSensorIsGivenTheMinimumSilenceNotFiveOfItsPeriods() {
        seen(reading(ZONE, "fast-1", SensorType.FOOTFALL, 0, 3));
        assertThat(detector.tick(ZONE, at(10), registered, states)).isEmpty();
        assertThat(detector.tick(ZONE, at(30), registered, states)).isEmpty();
        assertThat(detector.tick(ZONE, at(31), registered, states)).extracting(c -> c.fingerprint().deviceGroup()).containsOnly("fast-1");
    }

    @Test
    void aCameraIsOfflineAfterThirtySecondsWithoutAFrame() {
        seen(frame(ZONE, "cam-1", at(0), 3, 0.1, 0, List.of()));
        seen(frame(ZONE, "cam-1", at(0.5), 3, 0.1, 0, List.of()));
        assertThat(detector.tick(ZONE, at(30.5), registered, states)).isEmpty();
        List<Condition> offline = detector.tick(ZONE, at(40), registered, states);
        assertThat(offline).extracting(Condition::fingerprint).containsOnly(new Fingerprint(AlertType.CAMERA_OFFLINE, ZONE, "cam-1"));
        assertThat(offline).extracting(Condition::time).containsExactly(at(30.501), at(40));
        assertThat(offline.get(1).summary()).contains("no frame for 39 s");
        // A refused frame is a frame: the camera is alive (its fault is device-fault's to judge).
        assertThat(seen(new FrameFault("cam-1", ZONE, at(41), 41, "corrupt_jpeg", "x"))).singleElement()
                .satisfies(c -> assertThat(c.active()).isFalse());
    }

    @Test
    void aDeviceNeverHeardFromIsNotJudged() {
        seen(reading(ZONE, "snd-1", SensorType.SOUND_LEVEL, 0, 50));
        assertThat(detector.tick(ZONE, at(3600), registered, states)).extracting(c -> c.fingerprint().deviceGroup())
                .containsOnly("snd-1");
    }

    @Test
    void aReadingOlderThanTheLastDoesNotMoveItBack() {
        seen(reading(ZONE, "snd-1", SensorType.SOUND_LEVEL, 40, 50));
        seen(reading(ZONE, "snd-1", SensorType.SOUND_LEVEL, 0, 50));
        assertThat(detector.tick(ZONE, at(60), registered, states)).isEmpty();
    }
}
