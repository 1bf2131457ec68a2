package io.safetywatcher.alertjob.vision;

import io.safetywatcher.alertjob.detect.CameraFeatures;
import io.safetywatcher.alertjob.detect.Condition;
import io.safetywatcher.alertjob.detect.CrowdDetector;
import io.safetywatcher.alertjob.detect.DensitySample;
import io.safetywatcher.alertjob.detect.DensityTrend;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.AlertType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A count is said as far as it can be trusted: one by one, uncertain before calibration, a density band where people merge. */
class CrowdCountTest {
    @Test
    void theConfidenceFollowsHowThePeopleWereCounted() {
        assertThat(new CrowdCount(3, 0, true).describe(20)).isEqualTo("3 people");
        assertThat(new CrowdCount(1, 0, false).describe(20)).isEqualTo("1 person? (perspective not learnt yet: uncertain)");
        assertThat(new CrowdCount(12, 4, true).confidence()).as("a third in merged blobs: still counted").isEqualTo(CrowdCount.Confidence.COUNTED);
        CrowdCount dense = new CrowdCount(50, 44, true);
        assertThat(dense.confidence()).isEqualTo(CrowdCount.Confidence.LOW);
        assertThat(dense.describe(20)).isEqualTo("2-4 people/m² (too dense to count one by one: about 50, low confidence)");
        assertThat(dense.brief(20)).isEqualTo("~2-4/m²");
        assertThat(dense.brief(10)).isEqualTo("~4+/m²");
        assertThat(dense.describe(0)).startsWith("a dense crowd (");
        assertThat(CrowdCount.Band.of(0.2)).isEqualTo(CrowdCount.Band.UNDER_HALF);
        assertThat(CrowdCount.Band.of(1.0)).isEqualTo(CrowdCount.Band.ONE_TO_TWO);
        assertThatThrownBy(() -> new CrowdCount(3, 4, true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCoveredRowStandsForThePeopleHiddenBehindTheOnesItShows() {
        assertThat(FrameAnalyzer.hiddenFactor(0, 0.99)).as("an empty row").isEqualTo(1.0);
        assertThat(FrameAnalyzer.hiddenFactor(0.1, 0.99)).as("a sparse row: hardly anyone hidden").isCloseTo(1.054, within(0.001));
        assertThat(FrameAnalyzer.hiddenFactor(0.9, 0.99)).as("90 %% covered").isCloseTo(2.558, within(0.001));
        assertThat(FrameAnalyzer.hiddenFactor(1.0, 0.99)).as("a full row counts as the limit").isCloseTo(-Math.log(0.01) / 0.99, within(1e-9));
        assertThat(FrameAnalyzer.hiddenFactor(0.9, 0)).as("limit 0: not corrected").isEqualTo(1.0);
        assertThat(FrameAnalyzer.hiddenFactor(0.95, 0.5)).isEqualTo(FrameAnalyzer.hiddenFactor(0.5, 0.5));
    }

    @Test
    void aPackedCrowdOnCameraIsABandWithLowConfidenceAndSoIsItsDensityAlert() {
        VisionSettings settings = VisionSettings.of(WatcherConfig.defaults().with("vision.person-area", "0.3", "test"));
        CameraView view = settings.view(640, 480, 30.0);
        Instant t0 = Instant.parse("2026-11-10T18:00:00Z");
        try (Scene scene = new Scene(view); FrameAnalyzer a = new FrameAnalyzer(view, settings)) {
            List<Scene.Figure> apart = List.of(new Scene.Figure(150, 420, 0), new Scene.Figure(450, 400, 1));
            List<Scene.Figure> packed = new ArrayList<>();
            for (int row = 0; row < 6; row++) { // shoulder to shoulder, each row half hidden by the one in front
                for (int x = 40; x < 620; x += 22) {
                    packed.add(new Scene.Figure(x + (row % 2) * 11, 300 + 30 * row, row + x));
                }
            }
            FrameFeatures sparse = null;
            FrameFeatures crowd = null;
            for (int i = 0; i < 60; i++) {
                List<Scene.Figure> figures = i < 30 ? List.of() : i < 40 ? apart : packed;
                Verdict v = a.analyze(scene.jpeg(figures, 1), t0.plusMillis(500L * i), i);
                if (v instanceof Verdict.Analysed an && an.features().warm()) {
                    if (i == 39) {
                        sparse = an.features();
                    } else if (i == 59) {
                        crowd = an.features();
                    }
                }
            }
            assertThat(sparse).isNotNull();
            assertThat(sparse.count().dense()).as("two people apart: %s", sparse.boxesJson()).isFalse();
            assertThat(crowd).isNotNull();
            assertThat(crowd.count().confidence()).as("packed: %s", crowd.boxesJson()).isEqualTo(CrowdCount.Confidence.LOW);
            assertThat(crowd.boxesJson()).contains("\"confidence\":\"low\"").contains("\"crowd_people\":" + crowd.crowdPeople());
            assertThat(crowd.count().describe(view.viewAreaM2())).contains("people/m² (too dense to count one by one");

            CameraFeatures f = (CameraFeatures) CameraInput.of("cam-1", "square", 30.0, crowd.time(), crowd.seq(), new Verdict.Analysed(crowd));
            assertThat(f.dense()).isTrue();
            CrowdDetector detector = new CrowdDetector(RuleSet.defaults());
            DensityTrend trend = new DensityTrend();
            List<Condition> out = List.of();
            for (int s = 0; s < 120; s++) { // held for two minutes: past the density smoothing
                out = detector.detect(DensitySample.of(new CameraFeatures(f.cameraId(), f.zone(), t0.plusSeconds(s), s, f.peopleCount(),
                        2.5, 0, List.of(), null, true)), trend);
            }
            Condition density = out.stream().filter(c -> c.fingerprint().type() == AlertType.CROWD_DENSITY).findFirst().orElseThrow();
            assertThat(density.active()).isTrue();
            assertThat(density.summary()).startsWith("crowd density 2-4 p/m² (too dense to count one by one: about 2.5, low confidence) at cam-1");
        }
    }
}
