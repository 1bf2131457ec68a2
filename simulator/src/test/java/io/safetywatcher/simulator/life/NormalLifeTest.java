package io.safetywatcher.simulator.life;

import io.safetywatcher.simulator.city.City;
import io.safetywatcher.simulator.city.CityFile;
import io.safetywatcher.simulator.city.Zone;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class NormalLifeTest {
    private final City city = CityFile.load("default");
    private final NormalLife life = new NormalLife(city, 1);

    private double at(String zone, String instant) {
        return life.density(city.requireZone(zone), Instant.parse(instant).toEpochMilli());
    }

    @Test
    void theDayHasTheShapeOfEachKindOfPlace() {
        // Monday 23 November 2026, London (UTC in November).
        assertThat(at("central-station", "2026-11-23T08:00:00Z")).isGreaterThan(2 * at("central-station", "2026-11-23T13:00:00Z"));
        assertThat(at("central-station", "2026-11-23T03:00:00Z")).isZero(); // closed
        assertThat(at("old-market", "2026-11-23T19:00:00Z")).isGreaterThan(1.5 * at("old-market", "2026-11-23T10:00:00Z"));
        assertThat(at("north-campus", "2026-11-23T10:00:00Z")).isGreaterThan(5 * at("north-campus", "2026-11-22T10:00:00Z")); // Sunday
        // Saturday is a match day: the gates fill before kick-off at 19:30, unlike Friday.
        assertThat(at("stadium-north-gate", "2026-11-21T19:15:00Z")).isGreaterThan(5 * at("stadium-north-gate", "2026-11-20T19:15:00Z"));
    }

    @Test
    void normalLifeNeverReachesCrowdDangerLevels() {
        long start = Instant.parse("2026-11-16T00:00:00Z").toEpochMilli();
        double max = 0;
        for (long t = start; t < start + 7 * 86_400_000L; t += 300_000) {
            for (Zone z : city.zones()) {
                max = Math.max(max, life.density(z, t));
            }
        }
        assertThat(max).isLessThan(2.0).isGreaterThan(1.0);
    }

    @Test
    void localTimeFollowsTheCitysTimeZoneAcrossSummerTime() {
        long t = Instant.parse("2026-03-28T12:00:00Z").toEpochMilli(); // London goes to BST on the 29th
        for (long m = t; m < t + 3 * 86_400_000L; m += 1_234_567) {
            var z = life.local(m);
            assertThat(life.localMsOfDay(m)).isEqualTo(z.toLocalTime().toNanoOfDay() / 1_000_000);
        }
    }

    @Test
    void driftIsSmoothAndDeterministic() {
        long t = Instant.parse("2026-11-23T12:00:00Z").toEpochMilli();
        assertThat(SmoothNoise.at(9, t)).isEqualTo(SmoothNoise.at(9, t));
        assertThat(Math.abs(SmoothNoise.at(9, t + 1000) - SmoothNoise.at(9, t))).isLessThan(0.01);
        assertThat(SmoothNoise.at(9, t)).isNotEqualTo(SmoothNoise.at(10, t));
    }
}
