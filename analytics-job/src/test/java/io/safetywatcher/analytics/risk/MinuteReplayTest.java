package io.safetywatcher.analytics.risk;

import io.safetywatcher.alertjob.detect.ZoneDetection;
import io.safetywatcher.alertjob.detect.ZoneDetectionState;
import io.safetywatcher.alertjob.detect.ZoneReading;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.rules.ZoneFacts;
import io.safetywatcher.common.event.SensorType;
import io.safetywatcher.common.risk.RiskFeatures;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MinuteReplayTest {
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    static ZoneDetection detection() {
        return new ZoneDetection(RuleSet.defaults(), Map.of(
                "plaza", new ZoneFacts("plaza", "market", null, "Europe/Berlin", 4, null, 800),
                "station", new ZoneFacts("station", "transit", null, null, 2)));
    }

    /** Density every 10 s for 3 minutes rising then falling, a sound reading every 5 s, in one zone. */
    static List<ZoneReading> zone(String zone, long seq0) {
        List<ZoneReading> out = new ArrayList<>();
        for (int s = 0; s < 180; s += 5) {
            Instant t = T0.plusSeconds(s);
            out.add(ZoneReading.of(zone, zone + "-sound", SensorType.SOUND_LEVEL, t, 60 + (s % 7), seq0 + s));
            if (s % 10 == 0) {
                double density = s < 100 ? 1 + s / 25.0 : 5 - (s - 100) / 40.0;
                out.add(ZoneReading.of(zone, zone + "-density", SensorType.CROWD_DENSITY, t.plusMillis(1), density, seq0 + s));
            }
        }
        // Sound alone in the fourth minute: no density input, no grading, no row.
        out.add(ZoneReading.of(zone, zone + "-sound", SensorType.SOUND_LEVEL, T0.plusSeconds(200), 61, seq0 + 200));
        return out;
    }

    @Test
    void eachZoneMinuteKeepsItsDensestGradingAndZonesStartFresh() {
        List<ZoneReading> inputs = new ArrayList<>(zone("plaza", 0));
        inputs.addAll(zone("station", 1_000));

        List<ZoneMinute> minutes = new MinuteReplay(detection()).replay(inputs.iterator());

        // The same inputs through the detectors directly, every grading kept, each zone on its own state.
        Map<String, RiskFeatures> expected = new LinkedHashMap<>();
        ZoneDetection d = detection();
        d.listen((zone, time, f) -> expected.merge(zone + "@" + time.truncatedTo(ChronoUnit.MINUTES), f,
                (a, b) -> b.density() >= a.density() ? b : a));
        ZoneDetectionState plaza = new ZoneDetectionState();
        ZoneDetectionState station = new ZoneDetectionState();
        for (ZoneReading r : inputs) {
            d.detect(r, r.zone().equals("plaza") ? plaza : station);
        }

        assertThat(minutes).hasSize(6);
        Map<String, RiskFeatures> got = new LinkedHashMap<>();
        minutes.forEach(m -> got.put(m.zone() + "@" + m.minute(), m.features()));
        assertThat(got).isEqualTo(expected);
        assertThat(minutes.get(0).features().importance()).isEqualTo(4);
        assertThat(minutes.get(0).features().capacity()).isEqualTo(800);
        assertThat(minutes.get(0).features().hour()).isEqualTo(11); // Berlin, winter
        assertThat(minutes.get(1).features().density()).isEqualTo(got.values().stream().mapToDouble(RiskFeatures::density).max().orElseThrow());
        assertThat(minutes.get(3).zone()).isEqualTo("station");
        assertThat(minutes.get(3).features().hour()).isEqualTo(10);
    }

    @Test
    void anAnalysedFrameIsCameraInputWithThePeopleOverTheViewArea() {
        Instant t = T0.plusSeconds(5);
        var frame = (io.safetywatcher.alertjob.detect.CameraFeatures) StoredInput.of("cam-1", "plaza", t, 7, StoredInput.FRAME, 120, 1.4,
                Map.of("cam-1", 40.0));
        assertThat(frame.densityPerM2()).isEqualTo(3.0);
        assertThat(frame.peopleCount()).isEqualTo(120);
        assertThat(frame.motionEnergy()).isEqualTo(1.0);
        assertThat(((io.safetywatcher.alertjob.detect.CameraFeatures) StoredInput.of("cam-2", "plaza", t, 8, StoredInput.FRAME, 120, 0.2,
                Map.of())).densityPerM2()).isZero(); // no view area, no density, as in the stream
        ZoneReading r = (ZoneReading) StoredInput.of("d-1", "plaza", t, 9, "crowd_density", 2.5, 0, Map.of());
        assertThat(r.sensorType()).isEqualTo(SensorType.CROWD_DENSITY);
        assertThat(r.value()).isEqualTo(2.5);

        // A camera's density grades the zone as a sensor's does.
        List<ZoneMinute> minutes = new MinuteReplay(detection()).replay(List.of(frame).iterator());
        assertThat(minutes).singleElement().satisfies(m -> assertThat(m.features().density()).isEqualTo(3.0));
    }

    @Test
    void noDensityInputNoRow() {
        List<ZoneReading> sound = List.of(ZoneReading.of("plaza", "s", SensorType.SOUND_LEVEL, T0, 60, 1),
                ZoneReading.of("plaza", "s", SensorType.SOUND_LEVEL, T0.plusSeconds(70), 61, 2));
        assertThat(new MinuteReplay(detection()).replay(sound.iterator())).isEmpty();
    }
}
