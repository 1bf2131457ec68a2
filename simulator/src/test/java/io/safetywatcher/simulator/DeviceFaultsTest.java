package io.safetywatcher.simulator;

import io.safetywatcher.simulator.world.SimRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The device faults a scenario injects, as the records show them: an offline camera sends no
 * frame, a frozen one the very same JPEG, a covered one a uniform black picture, a moved one
 * other pictures; a silent sensor sends no reading. A live camera's frames always differ, even
 * of an empty scene by day (a corner block that changes each frame), which is what tells frozen from still.
 */
class DeviceFaultsTest {
    private static final String SCENARIO = """
            start: 2026-11-10T10:00:00Z
            duration: 150s
            seed: 5
            incidents:
              - {type: camera-offline, zone: yard, camera: cam-yard, at: 30s, duration: 30s}
              - {type: camera-frozen, zone: yard, camera: cam-yard, at: 90s, duration: 30s}
              - {type: camera-covered, zone: plaza, camera: cam-plaza, at: 30s, duration: 30s}
              - {type: camera-moved, zone: plaza, camera: cam-plaza, at: 90s, duration: 30s}
              - {type: sensor-silent, zone: yard, at: 30s, duration: 60s}
            """;
    private static final Instant START = Instant.parse("2026-11-10T10:00:00Z");

    private static long ms(int seconds) { return START.plusSeconds(seconds).toEpochMilli(); }

    private static List<SimRecord> frames(List<SimRecord> all, String cam, int from, int to) {
        return all.stream().filter(r -> r.topic().equals(Runs.TOPICS.frames()) && r.key().equals(cam)
                && r.timestampMs() >= ms(from) && r.timestampMs() < ms(to)).toList();
    }

    @Test
    void eachFaultShowsInTheRecordsOnlyWhileItLasts() {
        List<SimRecord> all = Runs.run(Runs.testCity(), SCENARIO, true, 0, 0, null);

        assertThat(frames(all, "cam-yard", 0, 30)).hasSizeGreaterThan(50);
        assertThat(frames(all, "cam-yard", 30, 60)).as("offline").isEmpty();
        assertThat(frames(all, "cam-yard", 60, 90)).hasSizeGreaterThan(50);

        List<SimRecord> live = frames(all, "cam-yard", 60, 90);
        assertThat(live.stream().map(r -> Arrays.hashCode(r.value())).distinct().count()).as("a live camera's frames all differ")
                .isEqualTo(live.size());
        List<SimRecord> frozen = frames(all, "cam-yard", 90, 120);
        assertThat(frozen).hasSizeGreaterThan(50);
        assertThat(frozen).allSatisfy(r -> assertThat(r.value()).isEqualTo(frozen.get(0).value()));

        List<SimRecord> covered = frames(all, "cam-plaza", 30, 60);
        assertThat(covered).hasSizeGreaterThan(50);
        assertThat(covered.get(0).value().length).as("a uniform picture compresses to almost nothing")
                .isLessThan(frames(all, "cam-plaza", 0, 30).get(0).value().length / 5);
        List<SimRecord> before = frames(all, "cam-plaza", 60, 90);
        List<SimRecord> moved = frames(all, "cam-plaza", 90, 120);
        assertThat(moved).hasSizeGreaterThan(50);
        assertThat(moved.get(0).value()).isNotEqualTo(before.get(before.size() - 1).value());

        // One of the yard's sensors (each reports every 10 s) is silent for the minute, and only then.
        List<String> silent = java.util.stream.Stream.of("snd-yard", "pir-yard", "door-yard").filter(id -> all.stream()
                .noneMatch(r -> r.topic().equals(Runs.TOPICS.readings()) && r.key().equals(id) && r.timestampMs() >= ms(30)
                        && r.timestampMs() < ms(90))).toList();
        assertThat(silent).hasSize(1);
        assertThat(all.stream().filter(r -> r.topic().equals(Runs.TOPICS.readings()) && r.key().equals(silent.get(0))
                && r.timestampMs() >= ms(90))).hasSizeGreaterThan(4);
        assertThat(all.stream().filter(r -> r.topic().equals(Runs.TOPICS.truth()))).hasSize(5);
    }
}
