package io.safetywatcher.analytics.figures;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DayPlanTest {
    static final LocalDate D1 = LocalDate.parse("2026-10-01");
    static final Range RANGE = new Range(D1, D1.plusDays(3));
    static final LocalDate TODAY = LocalDate.parse("2026-11-22");
    static final Instant RUN = Instant.parse("2026-11-20T10:00:00Z");
    static final Duration MARGIN = Duration.ofMinutes(2);

    @Test
    void daysNeverComputedAreScanned() {
        assertThat(DayPlan.daysToScan(RANGE, Map.of(D1, RUN), Map.of(), TODAY, false, MARGIN))
                .containsExactly(D1.plusDays(1), D1.plusDays(2), D1.plusDays(3));
    }

    @Test
    void onlyDaysChangedSinceTheirComputationAreScannedAgain() {
        Map<LocalDate, Instant> computed = Map.of(D1, RUN, D1.plusDays(1), RUN, D1.plusDays(2), RUN, D1.plusDays(3), RUN);
        Map<LocalDate, Instant> changed = Map.of(D1, RUN.minus(Duration.ofHours(1)), D1.plusDays(2), RUN.plusSeconds(5));
        assertThat(DayPlan.daysToScan(RANGE, computed, changed, TODAY, false, MARGIN)).containsExactly(D1.plusDays(2));
    }

    @Test
    void aChangeStampedJustBeforeTheRunStartedIsNotTrusted() {
        Map<LocalDate, Instant> computed = Map.of(D1, RUN, D1.plusDays(1), RUN, D1.plusDays(2), RUN, D1.plusDays(3), RUN);
        Map<LocalDate, Instant> changed = Map.of(D1.plusDays(1), RUN.minusSeconds(60), D1.plusDays(3), RUN.minusSeconds(121));
        assertThat(DayPlan.daysToScan(RANGE, computed, changed, TODAY, false, MARGIN)).containsExactly(D1.plusDays(1));
    }

    @Test
    void fullScansEveryDayAndTodayIsAlwaysScanned() {
        Map<LocalDate, Instant> computed = Map.of(D1, RUN, D1.plusDays(1), RUN, D1.plusDays(2), RUN, D1.plusDays(3), RUN);
        assertThat(DayPlan.daysToScan(RANGE, computed, Map.of(), TODAY, true, MARGIN)).containsExactlyElementsOf(RANGE.days());
        assertThat(DayPlan.daysToScan(RANGE, computed, Map.of(), D1.plusDays(3), false, MARGIN)).containsExactly(D1.plusDays(3));
    }

    @Test
    void theRangeIsInclusiveAndItsPreviousPeriodHasTheSameLength() {
        assertThat(RANGE.length()).isEqualTo(4);
        assertThat(RANGE.previous()).isEqualTo(new Range(D1.minusDays(4), D1.minusDays(1)));
        assertThat(Range.lastDays(TODAY, 7)).isEqualTo(new Range(TODAY.minusDays(6), TODAY));
    }
}
