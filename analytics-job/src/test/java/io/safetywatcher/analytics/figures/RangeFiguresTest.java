package io.safetywatcher.analytics.figures;

import io.safetywatcher.analytics.model.AlertRow;
import io.safetywatcher.store.registry.Zone;
import io.safetywatcher.analytics.table.Table;
import io.safetywatcher.common.event.AlertType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The range-wide figures from hand-built alerts and hour statistics: no Spark, no Cassandra. */
class RangeFiguresTest {
    /** A registry zone with only what the figures read: its area and time zone. */
    static Zone zone(String id, Double areaM2, java.time.ZoneId tz) {
        return new Zone(id, null, null, areaM2, null, tz.getId(), null, null, null, null, null, null);
    }

    static final Range RANGE = new Range(LocalDate.parse("2026-11-16"), LocalDate.parse("2026-11-22")); // Monday to Sunday
    static final Settings SETTINGS = new Settings(7, Duration.ofMinutes(5), Duration.ofMinutes(10), LevelOfService.parse("2,3.6,5.5"), 0.05);
    static final List<Zone> ZONES = List.of(
            zone("market", 1000.0, ZoneId.of("Europe/Berlin")),
            zone("plaza", 4000.0, ZoneOffset.UTC),
            zone("yard", 500.0, ZoneOffset.UTC),
            zone("tunnel", null, ZoneOffset.UTC));

    private int ids;

    AlertRow alert(String zone, AlertType type, String startedAt) {
        return new AlertRow("a" + ids++, type.id(), zone, Instant.parse(startedAt), null, null, null);
    }

    List<AlertRow> times(int n, String zone, AlertType type, String startedAt) {
        List<AlertRow> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(alert(zone, type, startedAt));
        }
        return out;
    }

    static List<Object> row(Table t, Object... key) {
        return t.rows().stream().filter(r -> r.subList(0, key.length).equals(Arrays.asList(key))).findFirst().orElseThrow();
    }

    static RangeFigures figures(List<AlertRow> alerts) { return new RangeFigures(RANGE, SETTINGS, ZONES, alerts, Map.of()); }

    @Test
    void hotspotsRankZonesWithAnAreaByAlertsPerThousandSquareMetresADay() {
        List<AlertRow> alerts = new ArrayList<>();
        alerts.addAll(times(7, "market", AlertType.FIGHT, "2026-11-18T20:00:00Z"));   // 7 / (7 x 1.0) = 1.0
        alerts.addAll(times(14, "plaza", AlertType.NOISE, "2026-11-19T10:00:00Z"));   // 14 / (7 x 4.0) = 0.5
        alerts.addAll(times(7, "tunnel", AlertType.FIGHT, "2026-11-19T10:00:00Z"));   // no area: not ranked
        alerts.addAll(times(14, "market", AlertType.FIGHT, "2026-11-10T12:00:00Z"));  // the week before: 2.0
        alerts.addAll(times(3, "plaza", AlertType.FIGHT, "2026-11-01T12:00:00Z"));    // before that: ignored
        Table h = figures(alerts).hotspots();
        assertThat(h.rows()).extracting(r -> r.get(2)).containsExactly("market", "plaza", "yard");
        assertThat(h.rows().get(0)).containsExactly(RANGE.to(), 1, "market", 1.0, 2.0, -50.0);
        assertThat(h.rows().get(1)).as("no previous alerts: no change").containsExactly(RANGE.to(), 2, "plaza", 0.5, 0.0, null);
        assertThat(h.rows().get(2)).containsExactly(RANGE.to(), 3, "yard", 0.0, 0.0, null);
    }

    @Test
    void equalRatesRankByZoneId() {
        List<AlertRow> alerts = new ArrayList<>(times(2, "yard", AlertType.FIGHT, "2026-11-18T20:00:00Z")); // 2 / (7 x 0.5)
        alerts.addAll(times(16, "plaza", AlertType.FIGHT, "2026-11-18T20:00:00Z"));                       // 16 / (7 x 4.0), the same
        alerts.addAll(times(4, "market", AlertType.FIGHT, "2026-11-18T20:00:00Z"));                       // 4 / (7 x 1.0), the same
        assertThat(figures(alerts).hotspots().rows()).extracting(r -> r.get(2)).containsExactly("market", "plaza", "yard");
    }

    @Test
    void incidentsAreCountedByZoneUtcDayAndTypeOnACompleteGrid() {
        List<AlertRow> alerts = List.of(alert("market", AlertType.FIGHT, "2026-11-18T23:30:00Z"), alert("market", AlertType.FIGHT, "2026-11-18T01:00:00Z"),
                alert("market", AlertType.NOISE, "2026-11-19T00:10:00Z"), alert("market", AlertType.FIGHT, "2026-11-15T12:00:00Z"));
        Table t = figures(alerts).incidents();
        assertThat(t.rows()).hasSize(ZONES.size() * RANGE.length() * AlertType.values().length);
        assertThat(row(t, "market", LocalDate.parse("2026-11-18"), "fight").get(3)).isEqualTo(2L);
        assertThat(row(t, "market", LocalDate.parse("2026-11-19"), "noise").get(3)).isEqualTo(1L);
        assertThat(row(t, "market", LocalDate.parse("2026-11-16"), "fight").get(3)).as("the one before the range").isEqualTo(0L);
    }

    @Test
    void theHeatmapUsesEachZonesOwnTimeZone() {
        // 23:30 UTC on Wednesday is 00:30 on Thursday in Berlin.
        Table t = figures(List.of(alert("market", AlertType.FIGHT, "2026-11-18T23:30:00Z"), alert("plaza", AlertType.FIGHT, "2026-11-18T23:30:00Z"))).heatmap();
        assertThat(t.rows()).hasSize((1 + ZONES.size()) * 7 * 24);
        assertThat(row(t, "market", 4, 0).get(3)).isEqualTo(1L);
        assertThat(row(t, "plaza", 3, 23).get(3)).isEqualTo(1L);
        assertThat(row(t, "all", 4, 0).get(3)).isEqualTo(1L);
        assertThat(row(t, "all", 3, 23).get(3)).isEqualTo(1L);
        assertThat(t.rows().stream().mapToLong(r -> (Long) r.get(3)).sum()).isEqualTo(4);
    }

    @Test
    void alertHandlingTakesTheMedianTimeToAcknowledgeAndTheFalseAlarmShare() {
        Instant t0 = Instant.parse("2026-11-18T20:00:00Z");
        List<AlertRow> alerts = List.of(
                new AlertRow("a", "fight", "market", t0, true, t0.plusSeconds(30), false),
                new AlertRow("b", "fight", "market", t0, true, t0.plusSeconds(90), true),
                new AlertRow("c", "fight", "market", t0, false, null, null),
                new AlertRow("d", "fight", "market", t0, true, t0.plusSeconds(60), false),
                new AlertRow("e", "noise", "plaza", t0, true, t0.plusSeconds(10), null),
                new AlertRow("f", "noise", "plaza", t0, true, t0.plusSeconds(20), null));
        Table t = figures(alerts).alertHandling();
        assertThat(row(t, RANGE.to(), "fight")).containsExactly(RANGE.to(), "fight", 60.0, 0.25);
        assertThat(row(t, RANGE.to(), "noise")).as("an even count: the mean of the middle two").containsExactly(RANGE.to(), "noise", 15.0, 0.0);
        assertThat(row(t, RANGE.to(), "gunshot")).as("none of that type").containsExactly(RANGE.to(), "gunshot", null, null);
    }

    @Test
    void crowdPeaksAndNoiseBaselineAddTheRangesDaysUp() {
        Map<String, Map<LocalDate, Map<Integer, HourStats>>> days = Map.of("plaza", Map.of(
                LocalDate.parse("2026-11-17"), Map.of(18, new HourStats(2, 120, 7250, Map.of(30, 19L))),
                LocalDate.parse("2026-11-18"), Map.of(18, new HourStats(2, 140, 9850, Map.of(80, 1L))),
                LocalDate.parse("2026-11-01"), Map.of(18, new HourStats(50, 5000, 500000, Map.of(120, 100L)))));
        RangeFigures f = new RangeFigures(RANGE, SETTINGS, ZONES, List.of(), days);
        // 20 density samples: 19 at 1.5 people/m2, one at 4.0; the 95th percentile (rank 19) is 1.5.
        assertThat(row(f.crowdPeaks(), "plaza", 18)).containsExactly("plaza", 18, 1.5,
                Map.of("free", 19L, "slowed", 0L, "contact", 1L, "dangerous", 0L));
        // Sound: 55, 65, 65, 75 dB (sums 120 and 140; squares 7250 and 9850): mean 65, sample stddev 8.165.
        List<Object> noise = row(f.noiseBaseline(), "plaza", 18);
        assertThat((Double) noise.get(2)).isEqualTo(65.0);
        assertThat((Double) noise.get(3)).isCloseTo(Math.sqrt(200.0 / 3), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(row(f.noiseBaseline(), "plaza", 3)).containsExactly("plaza", 3, null, null);
    }
}
