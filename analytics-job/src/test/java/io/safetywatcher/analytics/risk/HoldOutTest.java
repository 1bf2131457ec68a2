package io.safetywatcher.analytics.risk;

import io.safetywatcher.common.risk.RiskClass;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class HoldOutTest {
    static final LocalDate D = LocalDate.of(2026, 11, 20);

    @Test
    void theNewestDaysAreHeldOut() {
        HoldOut h = HoldOut.of(D, D.plusDays(3), 1);
        assertThat(h.train()).containsExactly(D, D.plusDays(1), D.plusDays(2));
        assertThat(h.held()).containsExactly(D.plusDays(3));
        assertThat(HoldOut.of(D, D.plusDays(3), 2).held()).containsExactly(D.plusDays(2), D.plusDays(3));
    }

    @Test
    void oneDayOrNoTrainingDayIsRefused() {
        assertThatThrownBy(() -> HoldOut.of(D, D, 1)).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> HoldOut.of(D, D.plusDays(1), 2)).hasMessageContaining("no day").hasMessageContaining("to train on");
        assertThatThrownBy(() -> HoldOut.of(D, D.plusDays(1), 0)).hasMessageContaining("at least 1");
    }

    @Test
    void rareClassesWeighMoreButLessThanFullBalancing() {
        ClassWeights w = new ClassWeights(Map.of(RiskClass.NONE, 9_900L, RiskClass.HIGH, 100L));
        // Full balancing: NONE 10000/(2*9900), HIGH 10000/(2*100) = 50; the square roots of those.
        assertThat(w.of(RiskClass.HIGH)).isCloseTo(Math.sqrt(50), within(1e-9));
        assertThat(w.of(RiskClass.NONE)).isCloseTo(Math.sqrt(10_000 / 19_800.0), within(1e-9));
        assertThat(w.of(RiskClass.LOW)).isEqualTo(1); // absent: no row to weigh
    }
}
