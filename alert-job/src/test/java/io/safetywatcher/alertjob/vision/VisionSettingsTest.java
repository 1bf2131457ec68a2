package io.safetywatcher.alertjob.vision;

import io.safetywatcher.common.config.ConfigException;
import io.safetywatcher.common.config.WatcherConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The vision knobs as configuration keys: the shipped defaults are the values the detector was tuned with. */
class VisionSettingsTest {

    @Test
    void theDefaultsAreTheTunedValues() {
        VisionSettings s = VisionSettings.defaults();
        assertThat(s.detection()).isEqualTo(new VisionSettings.Detection(30, 4, 0.02, 0.2, 0.45, 6, 4, 1.0, 0.99, 0.7, 0.5));
        assertThat(s.motion()).isEqualTo(new VisionSettings.Motion(20, 0.5, 0.08, 0.05, 0.15, 0.5, 0.25, 14));
        assertThat(new VisionSettings(20, 240, 10, 0.28, 5, 0.24, 8)).isEqualTo(s);
    }

    @Test
    void theFightSignalsThresholdsAreKeysToo() {
        WatcherConfig c = WatcherConfig.builder().flags(Map.of("vision.motion-change", "30", "vision.track-min-judged-hits", "8")).build();
        VisionSettings.Motion m = VisionSettings.of(c).motion();
        assertThat(m.change()).isEqualTo(30);
        assertThat(m.trackMinHits()).isEqualTo(8);
        WatcherConfig outside = WatcherConfig.builder().flags(Map.of("vision.motion-alpha", "0")).build();
        assertThatThrownBy(() -> VisionSettings.of(outside)).hasMessage("vision.motion-alpha = '0' (flag) is outside 0.001..1");
    }

    @Test
    void aKeyChangesItsKnob() {
        WatcherConfig c = WatcherConfig.builder().flags(Map.of("vision.crowd-blob-people", "6", "vision.foreground-noise-factor", "4.5")).build();
        VisionSettings.Detection d = VisionSettings.of(c).detection();
        assertThat(d.crowdBlob()).isEqualTo(6);
        assertThat(d.noiseFactor()).isEqualTo(4.5);
    }

    @Test
    void aBadValueNamesItsKeyAndBounds() {
        WatcherConfig notANumber = WatcherConfig.builder().flags(Map.of("vision.person-area", "abc")).build();
        assertThatThrownBy(() -> VisionSettings.of(notANumber)).isInstanceOf(ConfigException.class)
                .hasMessage("vision.person-area = 'abc' (flag) is not a number");
        WatcherConfig outside = WatcherConfig.builder().flags(Map.of("vision.implausible-share", "1.5")).build();
        assertThatThrownBy(() -> VisionSettings.of(outside)).hasMessage("vision.implausible-share = '1.5' (flag) is outside 0.01..1");
        WatcherConfig ghosts = WatcherConfig.builder().flags(Map.of("vision.ghost-frames", "300")).build();
        assertThatThrownBy(() -> VisionSettings.of(ghosts)).hasMessage("vision.ghost-frames = '300' (flag) is outside 1..255");
    }
}
