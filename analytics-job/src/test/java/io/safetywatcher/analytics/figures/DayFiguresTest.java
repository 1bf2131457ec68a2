package io.safetywatcher.analytics.figures;

import io.safetywatcher.store.registry.Device;
import io.safetywatcher.store.registry.Zone;
import io.safetywatcher.analytics.table.Table;
import io.safetywatcher.common.codec.Reason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-day figures from hand-built scan results: no Spark, no Cassandra. */
class DayFiguresTest {
    /** A registry zone with only what the figures read: its area and time zone. */
    static Zone zone(String id, Double areaM2, java.time.ZoneId tz) {
        return new Zone(id, null, null, areaM2, null, tz.getId(), null, null, null, null, null, null);
    }

    static Device device(String id, String zone, String kind, String sensorType, Integer samplingPeriodMs) {
        return new Device(id, zone, kind, sensorType, null, null, null, null, samplingPeriodMs, null, null, null, null, null, null);
    }

    static final LocalDate D1 = LocalDate.parse("2026-11-19");
    static final LocalDate D2 = LocalDate.parse("2026-11-20");
    static final Settings SETTINGS = new Settings(7, Duration.ofMinutes(5), Duration.ofMinutes(10), LevelOfService.parse("2,3.6,5.5"), 0.05);
    static final List<Zone> ZONES = List.of(zone("plaza", 2000.0, ZoneOffset.UTC));
    static final List<Device> DEVICES = List.of(
            device("snd-1", "plaza", "sensor", "sound_level", 1000),
            device("cam-1", "plaza", "camera", null, null));

    static ReadingGroup sound(LocalDate day, int hour, long n, double sum, double sumSq, Instant newest) {
        return new ReadingGroup("snd-1", "plaza", "sound_level", day, hour, null, n, newest, sum, sumSq);
    }

    static Instant at(LocalDate day, String time) { return Instant.parse(day + "T" + time + "Z"); }

    static List<Object> row(Table t, Object... key) {
        return t.rows().stream().filter(r -> r.subList(0, key.length).equals(Arrays.asList(key))).findFirst().orElseThrow();
    }

    @Test
    void zoneHourStatsAreACompleteGridWithTheReadingsAddedIn() {
        DayFigures f = new DayFigures(List.of(D1, D2), SETTINGS, ZONES, DEVICES, List.of(
                sound(D2, 14, 2, 120, 7202, at(D2, "14:59:00")),
                sound(D2, 14, 1, 70, 4900, at(D2, "14:30:00")),
                new ReadingGroup("dn-1", "plaza", "crowd_density", D2, 14, 72, 3, at(D2, "14:10:00"), 10.8, 38.88),
                new ReadingGroup("dn-1", "station", "crowd_density", D1, 9, 40, 2, at(D1, "09:10:00"), 4, 8),
                new ReadingGroup("gun-1", "plaza", "gunshot", D2, 14, null, 5, at(D2, "14:00:00"), 0, 0),
                sound(LocalDate.parse("2026-11-18"), 3, 9, 9, 9, at(D1, "00:00:00"))), List.of(), List.of(), at(D2, "23:00:00"));

        Table t = f.zoneHourStats();
        assertThat(t.rows()).as("plaza from the registry, station from a reading; 2 days x 24 hours each").hasSize(2 * 2 * 24);
        assertThat(row(t, "plaza", D2, 14)).containsExactly("plaza", D2, 14, 3L, 190.0, 12102.0, Map.of(72, 3L));
        assertThat(row(t, "station", D1, 9)).containsExactly("station", D1, 9, 0L, 0.0, 0.0, Map.of(40, 2L));
        assertThat(row(t, "plaza", D1, 3)).as("a day outside the scan adds nothing").containsExactly("plaza", D1, 3, 0L, 0.0, 0.0, Map.of());
        assertThat(f.stats().get("plaza").get(D2).get(14).noiseMean()).isCloseTo(63.33, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void aDeviceIsSilentWithoutInputInItsLastQuietSpellAndUnknownForADayNotBegun() {
        LocalDate d3 = D2.plusDays(1);
        Instant now = at(D2, "12:00:00");
        DayFigures f = new DayFigures(List.of(D1, D2, d3), SETTINGS, ZONES, DEVICES, List.of(
                sound(D1, 23, 10, 600, 36000, at(D1, "23:55:00")),   // within 10 min of the day's end
                sound(D2, 11, 10, 600, 36000, at(D2, "11:45:00"))),  // 15 min before now
                List.of(new InputCount("cam-1", D2, 40, at(D2, "11:58:00"))), List.of(), now);
        Table h = f.deviceHealth();
        assertThat(h.rows()).hasSize(3 * 2);
        int silent = h.column("silent");
        assertThat(row(h, D1, "snd-1").get(silent)).isEqualTo(false);
        assertThat(row(h, D2, "snd-1").get(silent)).as("quiet for 15 min of a 10-min limit, up to now").isEqualTo(true);
        assertThat(row(h, D2, "cam-1").get(silent)).isEqualTo(false);
        assertThat(row(h, D1, "cam-1").get(silent)).as("nothing at all that day").isEqualTo(true);
        assertThat(row(h, d3, "snd-1").get(silent)).as("tomorrow").isNull();
        assertThat(row(h, D2, "snd-1").get(h.column("last_seen"))).isEqualTo(at(D2, "11:45:00"));
    }

    @Test
    void aSlowSensorGetsThreeSamplingPeriodsBeforeItCountsAsSilent() {
        List<Device> slow = List.of(device("snd-1", "plaza", "sensor", "sound_level", 600_000)); // every 10 min
        Instant now = at(D2, "12:00:00");
        DayFigures f = new DayFigures(List.of(D2), SETTINGS, ZONES, slow,
                List.of(sound(D2, 11, 1, 60, 3600, at(D2, "11:35:00"))), List.of(), List.of(), now);
        Table h = f.deviceHealth();
        assertThat(row(h, D2, "snd-1").get(h.column("silent"))).as("25 min quiet of 30").isEqualTo(false);
    }

    @Test
    void quarantineRateCountsRejectedInputButNotLateInputWhichIsStoredRaw() {
        DayFigures f = new DayFigures(List.of(D2), SETTINGS, ZONES, DEVICES,
                List.of(sound(D2, 10, 6, 360, 21600, at(D2, "10:30:00"))), List.of(),
                List.of(new QuarantineCount(D2, "snd-1", Reason.OUT_OF_RANGE.id(), 2),
                        new QuarantineCount(D2, "snd-1", Reason.LATE.id(), 4),
                        new QuarantineCount(D2, null, Reason.UNKNOWN_DEVICE.id(), 2)), at(D2, "23:00:00"));
        Table h = f.deviceHealth();
        assertThat(row(h, D2, "snd-1")).containsExactly(D2, "snd-1", at(D2, "10:30:00"), true, 2L, 8L, 0.25, 0L);
        assertThat(row(h, D2, "cam-1")).as("no input at all: no rate").containsExactly(D2, "cam-1", null, true, 0L, 0L, null, 0L);

        Table q = f.quarantineByReason();
        assertThat(q.rows()).as("every reason, 0 included").hasSize(Reason.values().length);
        // Input: 6 stored + 2 out of range + 2 unknown = 10 (the late ones are among the stored).
        assertThat(row(q, D2, Reason.OUT_OF_RANGE.id())).containsExactly(D2, Reason.OUT_OF_RANGE.id(), 2L, 0.2);
        assertThat(row(q, D2, Reason.LATE.id())).containsExactly(D2, Reason.LATE.id(), 4L, 0.4);
        assertThat(row(q, D2, Reason.TOO_LARGE.id())).containsExactly(D2, Reason.TOO_LARGE.id(), 0L, 0.0);
    }

    @Test
    void aDeviceWhoseClockRanAheadIsNamedButItsInputIsNotCountedAsRejected() {
        DayFigures f = new DayFigures(List.of(D2), SETTINGS, ZONES, DEVICES,
                List.of(sound(D2, 10, 6, 360, 21600, at(D2, "10:30:00"))), List.of(),
                List.of(new QuarantineCount(D2, "snd-1", Reason.CLOCK_AHEAD.id(), 3),
                        new QuarantineCount(D2, "snd-1", Reason.OUT_OF_RANGE.id(), 1),
                        new QuarantineCount(D2, null, Reason.CLOCK_AHEAD.id(), 5)), at(D2, "23:00:00"));
        Table h = f.deviceHealth();
        int ahead = h.column("clock_ahead");
        assertThat(row(h, D2, "snd-1").get(ahead)).isEqualTo(3L);
        assertThat(row(h, D2, "snd-1").subList(4, 7)).as("stored raw: quarantined 1 of 7").containsExactly(1L, 7L, 1 / 7.0);
        assertThat(row(h, D2, "cam-1").get(ahead)).isEqualTo(0L);
    }

    @Test
    void aDayWithNoInputHasNoShares() {
        DayFigures f = new DayFigures(List.of(D1), SETTINGS, ZONES, DEVICES, List.of(), List.of(), List.of(), at(D2, "00:00:00"));
        assertThat(f.quarantineByReason().rows()).allSatisfy(r -> assertThat(r.subList(2, 4)).containsExactly(0L, null));
        assertThat(f.all()).extracting(Table::name).containsExactly("zone_hour_stats_by_day", "device_health", "quarantine_by_reason");
    }
}
