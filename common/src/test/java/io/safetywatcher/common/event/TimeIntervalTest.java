package io.safetywatcher.common.event;

import io.safetywatcher.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeIntervalTest {
    private static ZonedDateTime t(String local) {
        return java.time.LocalDateTime.parse(local).atZone(ZoneOffset.UTC);
    }

    @Test
    void aRangeOfTimesMayCrossMidnight() {
        TimeInterval night = TimeInterval.parse("night", List.of("22:00-06:00"), List.of(), List.of(), List.of());
        assertThat(night.contains(t("2026-12-04T23:30"))).isTrue();
        assertThat(night.contains(t("2026-12-05T05:59"))).isTrue();
        assertThat(night.contains(t("2026-12-05T06:00"))).isFalse();
        assertThat(night.contains(t("2026-12-04T21:59"))).isFalse();
    }

    @Test
    void aRangeAcrossMidnightBelongsToTheDayItStartsOn() {
        TimeInterval fridayNight = TimeInterval.parse("f", List.of("22:00-06:00"), List.of("friday"), List.of(), List.of());
        assertThat(fridayNight.contains(t("2026-12-04T23:00"))).as("Friday 23:00").isTrue();
        assertThat(fridayNight.contains(t("2026-12-05T05:00"))).as("Saturday 05:00, still Friday night").isTrue();
        assertThat(fridayNight.contains(t("2026-12-04T05:00"))).as("Friday 05:00 is Thursday night").isFalse();
    }

    @Test
    void weekdayRangesMayWrapPastSunday() {
        TimeInterval longWeekend = TimeInterval.parse("w", List.of(), List.of("friday:monday"), List.of(), List.of());
        assertThat(longWeekend.weekdays()).hasSize(4);
        assertThat(longWeekend.contains(t("2026-12-07T10:00"))).as("a Monday").isTrue();
        assertThat(longWeekend.contains(t("2026-12-08T10:00"))).as("a Tuesday").isFalse();
    }

    @Test
    void daysOfMonthCountFromEitherEnd() {
        TimeInterval lastDay = TimeInterval.parse("d", List.of(), List.of(), List.of("-1"), List.of());
        assertThat(lastDay.contains(t("2026-02-28T10:00"))).isTrue();
        assertThat(lastDay.contains(t("2028-02-28T10:00"))).as("a leap year's 28th is not the last").isFalse();
        TimeInterval firstWeek = TimeInterval.parse("d", List.of(), List.of(), List.of("1:7"), List.of());
        assertThat(firstWeek.contains(t("2026-12-07T10:00"))).isTrue();
        assertThat(firstWeek.contains(t("2026-12-08T10:00"))).isFalse();
    }

    @Test
    void everyFieldGivenMustMatch() {
        TimeInterval winterEvenings = TimeInterval.parse("w", List.of("17:00-23:00"), List.of("monday:friday"), List.of(),
                List.of("november:february"));
        assertThat(winterEvenings.contains(t("2026-12-04T18:00"))).as("Friday evening in December").isTrue();
        assertThat(winterEvenings.contains(t("2026-12-05T18:00"))).as("Saturday").isFalse();
        assertThat(winterEvenings.contains(t("2026-06-05T18:00"))).as("June").isFalse();
        assertThat(winterEvenings.contains(t("2026-12-04T12:00"))).as("noon").isFalse();
        assertThat(TimeInterval.parse("any", List.of(), List.of(), List.of(), List.of()).contains(t("2026-12-04T12:00"))).isTrue();
    }

    @Test
    void mistakesSayWhatIsWrong() {
        assertThatThrownBy(() -> TimeInterval.parse("x", List.of(), List.of(), List.of("0"), List.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("x.days_of_month: day 0 does not exist");
        assertThatThrownBy(() -> TimeInterval.parse("x", List.of(), List.of(), List.of("5:-1"), List.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must run forward");
        assertThatThrownBy(() -> TimeInterval.parse("x", List.of(), List.of(), List.of(), List.of("13")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("x.months: 13 is outside 1..12");
        assertThatThrownBy(() -> TimeInterval.parse("x", List.of("25:00-26:00"), List.of(), List.of(), List.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("x.times");
    }
}
