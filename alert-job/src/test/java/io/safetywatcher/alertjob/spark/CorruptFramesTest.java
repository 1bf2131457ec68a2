package io.safetywatcher.alertjob.spark;

import io.safetywatcher.alertjob.detect.ZoneInput;
import io.safetywatcher.alertjob.vision.CameraInput;
import io.safetywatcher.alertjob.lifecycle.LifecycleOutput;
import io.safetywatcher.alertjob.lifecycle.ZoneWatch;
import io.safetywatcher.alertjob.lifecycle.ZoneWatchState;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.rules.ZoneFacts;
import io.safetywatcher.alertjob.vision.CameraView;
import io.safetywatcher.alertjob.vision.FrameAnalyzer;
import io.safetywatcher.alertjob.vision.Scene;
import io.safetywatcher.alertjob.vision.VisionSettings;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertCategory;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #22: a camera sending corrupt but well-formed JPEGs, through the same pure steps the
 * job runs per frame (its model, the verdict as a zone input, the zone's detectors and
 * lifecycle; no Spark). It used to raise a critical crowd surge and a high crowd risk; now it
 * raises one device-fault alert, which resolves once sound frames return, and no crowd alert.
 */
class CorruptFramesTest {
    private static final String ZONE = "z-plaza";
    private static final String CAMERA = "cam-7";
    private static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");
    private final VisionSettings settings = new VisionSettings(20, 240, 10, 0.28, 5, 0.3, 8);
    private final CameraView view = settings.view(640, 480, 150);

    @Test
    void aStreamOfCorruptFramesIsADeviceFaultNeverACrowd() {
        ZoneWatch watch = new ZoneWatch(RuleSet.defaults(), Map.of(ZONE, new ZoneFacts(ZONE, "default", "00:00-24:00", "UTC", 2)));
        ZoneWatchState state = new ZoneWatchState();
        List<Alert> alerts = new ArrayList<>();
        try (Scene scene = new Scene(view); FrameAnalyzer camera = new FrameAnalyzer(view, settings)) {
            // 30 s sound, 90 s of corrupt frames, 3 minutes sound again; 2 fps.
            for (int seq = 0; seq < 600; seq++) {
                Instant t = T0.plusMillis(500L * seq);
                byte[] jpeg = scene.jpeg(List.of(new Scene.Figure(120 + (seq % 300) * 1.2, 420, 0)), 1);
                if (seq >= 60 && seq < 240) {
                    jpeg = Scene.scrambled(jpeg, seq);
                }
                ZoneInput in = CameraInput.of(CAMERA, ZONE, view.viewAreaM2(), t, seq, camera.analyze(jpeg, t, seq));
                LifecycleOutput out = watch.process(state, in == null ? List.of() : List.of(in), List.of(), t.minusSeconds(1));
                alerts.addAll(out.alerts());
            }
        }
        assertThat(alerts).allSatisfy(a -> assertThat(a.type()).isEqualTo(AlertType.DEVICE_FAULT));
        assertThat(alerts).extracting(Alert::state).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
        Alert fired = alerts.get(0);
        assertThat(fired.category()).isEqualTo(AlertCategory.DEVICE_HEALTH);
        assertThat(fired.devices()).containsExactly(CAMERA);
        assertThat(fired.summary()).contains(CAMERA, "corrupt_jpeg", "scan data");
        // Fires once half the window is refused (10 frames, 5 s). Resolves 30 s after sound frames push the
        // refused ones out; 90 s without a sound frame is past the model's 60-s gap, so it warms up first (10 s).
        assertThat(fired.startedAt()).isBetween(T0.plusSeconds(30), T0.plusSeconds(40));
        assertThat(alerts.get(1).updatedAt()).isBetween(T0.plusSeconds(150), T0.plusSeconds(170));
    }
}
