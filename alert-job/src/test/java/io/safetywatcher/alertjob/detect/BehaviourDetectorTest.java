package io.safetywatcher.alertjob.detect;

import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Label;
import io.safetywatcher.common.event.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.safetywatcher.alertjob.Fixtures.at;
import static io.safetywatcher.alertjob.Fixtures.observation;
import static org.assertj.core.api.Assertions.assertThat;

class BehaviourDetectorTest {
    private final BehaviourDetector detector = new BehaviourDetector(RuleSet.defaults());
    private final BehaviourWindow window = new BehaviourWindow();

    private Condition see(double seconds, Label... labels) {
        return detector.detect(observation("z1", "cam-1", seconds, labels), window).get(0);
    }

    @Test
    void aWeaponAloneIsEnough() {
        Condition c = see(3, new Label("carrying_weapon", 0.9));
        assertThat(c).isEqualTo(new Condition(new Fingerprint(AlertType.SUSPICIOUS_BEHAVIOUR, "z1", "cam-1"), at(3), true,
                Severity.MEDIUM, 2.7 / 3.0, "suspicious behaviour at cam-1 in z1: carrying_weapon 0.90 (score 2.70)", List.of("cam-1"),
                List.of("observation:cam-1@2024-05-14T12:00:03Z")));
    }

    @Test
    void oneMildLabelRepeatedForeverIsNot() {
        for (int s = 0; s < 600; s++) {
            assertThat(see(s, new Label("loitering", 0.9), new Label("running", 0.8)).active()).as("second %d", s).isFalse();
        }
    }

    @Test
    void severalLabelsTogetherWithinTheWindowAre() {
        assertThat(see(0, new Label("loitering", 0.9)).active()).isFalse();
        assertThat(see(10, new Label("following_someone", 0.8)).active()).isFalse();
        Condition c = see(20, new Label("agitation", 0.8));
        // 0.5 x 0.9 + 0.7 x 0.8 + 0.8 x 0.8 = 1.65
        assertThat(c.active()).isTrue();
        assertThat(c.summary()).isEqualTo("suspicious behaviour at cam-1 in z1: agitation 0.80, following_someone 0.80, loitering 0.90 (score 1.65)");
        // At 31 s the loitering label has left the window.
        assertThat(see(31).active()).isFalse();
    }

    @Test
    void aHighScoreIsHighSeverity() {
        Condition c = see(0, new Label("carrying_weapon", 0.95), new Label("agitation", 0.9));
        assertThat(c.severity()).isEqualTo(Severity.HIGH);
        assertThat(c.score()).isEqualTo(1.0);
    }

    @Test
    void unknownAndUnsureLabelsCountForNothing() {
        assertThat(see(0, new Label("umbrella", 1.0), new Label("carrying_weapon", 0.45)).active()).isFalse();
        assertThat(window.isEmpty()).isTrue();
    }

    @Test
    void theWindowKeepsOnlyWhatCanStillBeTheMaximum() {
        for (int i = 0; i < 3000; i++) {
            see(i / 10.0, new Label("agitation", 0.6 + (i % 10) / 100.0));
        }
        assertThat(window.labels.get("agitation")).hasSizeLessThanOrEqualTo(20);
    }
}
