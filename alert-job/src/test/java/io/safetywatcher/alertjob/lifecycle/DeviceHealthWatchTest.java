package io.safetywatcher.alertjob.lifecycle;

import io.safetywatcher.alertjob.detect.Cadence;
import io.safetywatcher.alertjob.detect.ZoneInput;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.rules.ZoneFacts;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.SensorType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

import static io.safetywatcher.alertjob.Fixtures.at;
import static io.safetywatcher.alertjob.Fixtures.frame;
import static io.safetywatcher.alertjob.Fixtures.reading;
import static io.safetywatcher.alertjob.Fixtures.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Offline cameras and silent sensors through the detectors and the lifecycle, as the job runs
 * a zone: 10-second batches, the zone clock 30 s (the allowed lateness) behind the newest input,
 * the state serialized between batches, and batches with no input at all when the zone is quiet.
 */
class DeviceHealthWatchTest {
    private static final String ZONE = "z-square";
    private final RuleSet rules = RuleSet.defaults();
    private final ZoneWatch watch = new ZoneWatch(rules, Map.of(ZONE, new ZoneFacts(ZONE, "square", "00:00-24:00", "UTC", 2, null, null,
            Map.of("snd-1", Cadence.ofSensor(10_000), "cam-1", Cadence.ofCamera()))));
    private ZoneWatchState state = new ZoneWatchState();

    /** Seconds [from, to): the sensor every 10 s and the camera every second where each is up; the alerts, as "STATE type device @s". */
    private List<String> run(int from, int to, IntPredicate sensorUp, IntPredicate cameraUp) {
        return run(from, to, sensorUp, cameraUp, null);
    }

    /**
     * As above; with {@code heldAt}, the zone's clock is held there for every batch (input unread
     * on another partition, frames paused behind their analysis: no tick passes it), and let go
     * to where it would be after the last batch.
     */
    private List<String> run(int from, int to, IntPredicate sensorUp, IntPredicate cameraUp, Integer heldAt) {
        List<String> out = new ArrayList<>();
        for (int b = from; b < to; b += 10) {
            List<ZoneInput> batch = new ArrayList<>();
            for (int s = b; s < b + 10; s++) {
                if (s % 10 == 0 && sensorUp.test(s)) {
                    batch.add(reading(ZONE, "snd-1", SensorType.SOUND_LEVEL, s, 55));
                }
                if (cameraUp.test(s)) {
                    batch.add(frame(ZONE, "cam-1", at(s), 2, 0.01, 0, List.of()));
                }
            }
            Instant watermark = at(b + 10 - 30);
            state = roundTrip(state);
            LifecycleOutput o = heldAt == null ? watch.process(state, batch, List.of(), watermark)
                    : watch.process(state, batch, List.of(), null, at(heldAt).toEpochMilli());
            o.alerts().forEach(a -> out.add(line(a)));
        }
        if (heldAt != null) {
            watch.process(state, List.of(), List.of(), at(to - 30), Long.MAX_VALUE).alerts().forEach(a -> out.add(line(a)));
        }
        return out;
    }

    private static String line(Alert a) {
        return a.state() + " " + a.type().id() + " " + a.devices() + " @" + (a.updatedAt().getEpochSecond() - at(0).getEpochSecond());
    }

    @Test
    void aSilenceOverBeforeAHeldZoneClockGotThereGivesTheAlertsOfALiveRun() {
        IntPredicate sensorUp = s -> s < 110 || s >= 200;
        List<String> live = run(0, 400, sensorUp, s -> true);
        // Last reading at 100 s: silent from 150 s, said again until the last tick before it is back
        // (170 s, the zone clock 30 s behind), resolved resolve_after (1 min) later.
        assertThat(live).containsExactly("FIRING sensor-silent [snd-1] @150", "RESOLVED sensor-silent [snd-1] @230");
        state = new ZoneWatchState();
        assertThat(run(0, 400, sensorUp, s -> true, 100)).as("the clock held at 100 s until the end").isEqualTo(live);
    }

    @Test
    void aSensorThatStopsIsSilentAtTheZoneClockAndResolvesWhenItComesBack() {
        assertThat(run(0, 120, s -> true, s -> true)).isEmpty();
        // The sensor's last reading is at 110 s; five 10-s periods later (160 s) it is silent, which
        // the zone clock (30 s behind) reaches in the batch ending at 200 s; the alert starts at 160 s
        // all the same, whatever batch it was judged in.
        List<String> out = run(120, 400, s -> s >= 300, s -> true);
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).startsWith("FIRING sensor-silent [snd-1] @");
        assertThat(out.get(1)).startsWith("RESOLVED sensor-silent [snd-1] @");
        int fired = Integer.parseInt(out.get(0).substring(out.get(0).indexOf('@') + 1));
        assertThat(fired).isEqualTo(160);
    }

    @Test
    void aCameraWhoseZoneGoesQuietIsOfflineWithNoInputAtAll() {
        assertThat(run(0, 60, s -> true, s -> true)).isEmpty();
        // Everything stops; the job still runs the zone on its timeouts with the clock moving on. The
        // camera's last frame is at 59 s (offline past 89 s), the sensor's at 50 s (silent past 100 s);
        // the zone clock ticks every 10 s, and each alert starts when its limit ran out.
        List<String> out = run(60, 200, s -> false, s -> false);
        assertThat(out).containsExactly("FIRING camera-offline [cam-1] @89", "FIRING sensor-silent [snd-1] @100");
        assertThat(watch.nextDeadline(state)).as("woken again before resolve_after runs out").isPresent();
    }

    @Test
    void aJumpOfTheZoneClockIsNoDeviceFault() {
        assertThat(run(0, 60, s -> true, s -> true)).isEmpty();
        // The next day's inputs (a replay moving on, or a suite's next scenario): the sensor's first
        // reading comes 10 s after the camera's first frame.
        assertThat(run(86_400, 86_600, s -> true, s -> true)).isEmpty();
    }

    @Test
    void aCameraThatNeverSentAFrameIsNotOffline() {
        assertThat(run(0, 600, s -> true, s -> false)).isEmpty();
    }
}
