package io.safetywatcher.alertjob.detect;

import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.SensorType;
import io.safetywatcher.common.event.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.safetywatcher.alertjob.Fixtures.at;
import static io.safetywatcher.alertjob.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

class TriggerDetectorTest {
    private final TriggerDetector detector = new TriggerDetector(RuleSet.defaults());

    @Test
    void aConfidentGunshotIsAnActiveCriticalCondition() {
        List<Condition> out = detector.detect(reading("z1", "gs-1", SensorType.GUNSHOT, 5, 0.93));
        assertThat(out).containsExactly(new Condition(new Fingerprint(AlertType.GUNSHOT, "z1", "gs-1"), at(5), true,
                Severity.CRITICAL, 0.93, "gunshot detected by gs-1 in z1 (confidence 0.93)", List.of("gs-1"),
                List.of("reading:gs-1@2024-05-14T12:00:05Z")));
    }

    @Test
    void aWeakDetectionIsClear() {
        assertThat(detector.detect(reading("z1", "gs-1", SensorType.GUNSHOT, 5, 0.79)))
                .singleElement().satisfies(c -> assertThat(c.active()).isFalse());
        assertThat(detector.detect(reading("z1", "gb-1", SensorType.GLASS_BREAK, 5, 0.0)))
                .singleElement().satisfies(c -> assertThat(c.active()).isFalse());
    }

    @Test
    void glassBreakAndPanicUseTheirOwnTypesAndSeverities() {
        Condition glass = detector.detect(reading("z1", "gb-1", SensorType.GLASS_BREAK, 1, 0.7)).get(0);
        assertThat(glass.fingerprint().key()).isEqualTo("glass-break@z1/gb-1");
        assertThat(glass.severity()).isEqualTo(Severity.HIGH);
        assertThat(glass.active()).isTrue();

        Condition panic = detector.detect(reading("z1", "pb-1", SensorType.PANIC_BUTTON, 1, 1)).get(0);
        assertThat(panic.fingerprint().key()).isEqualTo("panic@z1/pb-1");
        assertThat(panic.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(panic.summary()).isEqualTo("panic button pb-1 pressed in z1");
        assertThat(detector.detect(reading("z1", "pb-1", SensorType.PANIC_BUTTON, 2, 0)).get(0).active()).isFalse();
    }

    @Test
    void otherSensorsAreNotItsBusiness() {
        assertThat(detector.detect(reading("z1", "s-1", SensorType.SOUND_LEVEL, 1, 120))).isEmpty();
        assertThat(detector.detect(reading("z1", "d-1", SensorType.DOOR_CONTACT, 1, 1))).isEmpty();
    }
}
