package io.safetywatcher.analytics.figures;

import io.safetywatcher.store.registry.Zone;
import io.safetywatcher.store.analytics.AnalyticsTables;
import io.safetywatcher.analytics.model.AlertRow;
import io.safetywatcher.analytics.table.Table;
import io.safetywatcher.common.event.AlertType;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The range-wide results (the tables of cql/006_analytics.cql that are not per day), from the
 * alerts of the range and the period before it and from the per-day hour statistics. Every
 * table is written as a complete grid (every zone, every alert type, every hour, zeros and
 * nulls included), so a rerun overwrites each value a previous run left.
 */
public final class RangeFigures {
    private final Range range;
    private final Settings settings;
    private final Map<String, Zone> zones;
    private final List<AlertRow> alerts;
    private final List<AlertRow> previousAlerts;
    private final Map<String, Map<Integer, HourStats>> hourStats;
    private final List<String> types;

    /**
     * @param alerts    alerts that started in the range or in the period before it (others are ignored)
     * @param dayStats  zone → day → hour → statistics, for the range's days
     */
    public RangeFigures(Range range, Settings settings, List<Zone> registryZones, List<AlertRow> alerts,
                        Map<String, Map<LocalDate, Map<Integer, HourStats>>> dayStats) {
        this.range = range;
        this.settings = settings;
        Map<String, Zone> z = new TreeMap<>();
        registryZones.forEach(zi -> z.put(zi.id(), zi));
        alerts.stream().filter(a -> a.zone() != null).forEach(a -> z.putIfAbsent(a.zone(), Zone.unregistered(a.zone())));
        this.zones = z;
        Range previous = range.previous();
        this.alerts = alerts.stream().filter(a -> a.zone() != null && range.contains(day(a))).toList();
        this.previousAlerts = alerts.stream().filter(a -> a.zone() != null && previous.contains(day(a))).toList();
        Set<String> t = new LinkedHashSet<>();
        Arrays.stream(AlertType.values()).forEach(at -> t.add(at.id()));
        alerts.forEach(a -> t.add(a.type()));
        this.types = List.copyOf(t);
        Map<String, Map<Integer, HourStats>> merged = new TreeMap<>();
        dayStats.forEach((zone, byDay) -> byDay.forEach((day, byHour) -> {
            if (range.contains(day)) {
                byHour.forEach((hour, s) -> merged.computeIfAbsent(zone, k -> new TreeMap<>()).merge(hour, s, HourStats::plus));
            }
        }));
        this.hourStats = merged;
    }

    static LocalDate day(AlertRow a) { return LocalDate.ofInstant(a.startedAt(), ZoneOffset.UTC); }

    public List<Table> all() {
        return List.of(incidents(), heatmap(), hotspots(), crowdPeaks(), noiseBaseline(), trends(), alertHandling());
    }

    private Map<String, Long> countByZoneDayType() {
        Map<String, Long> c = new LinkedHashMap<>();
        alerts.forEach(a -> c.merge(a.zone() + "|" + day(a) + "|" + a.type(), 1L, Long::sum));
        return c;
    }

    /** incidents_by_zone_day: alerts per zone, UTC day of their start, and type. */
    public Table incidents() {
        Map<String, Long> c = countByZoneDayType();
        Table.Builder t = Table.builder(AnalyticsTables.INCIDENTS);
        for (String zone : zones.keySet()) {
            for (LocalDate d : range.days()) {
                for (String type : types) {
                    t.add(List.of(zone, d, type, c.getOrDefault(zone + "|" + d + "|" + type, 0L)));
                }
            }
        }
        return t.build();
    }

    /** incident_heatmap: day of week (1 = Monday) × hour of day, in each zone's own time zone; scope 'all' and each zone. */
    public Table heatmap() {
        Map<String, long[][]> grid = new LinkedHashMap<>();
        grid.put("all", new long[7][24]);
        zones.keySet().forEach(z -> grid.put(z, new long[7][24]));
        for (AlertRow a : alerts) {
            ZonedDateTime local = a.startedAt().atZone(zones.get(a.zone()).timeZoneOrUtc());
            int dow = local.getDayOfWeek().getValue() - 1;
            grid.get("all")[dow][local.getHour()]++;
            grid.get(a.zone())[dow][local.getHour()]++;
        }
        Table.Builder t = Table.builder(AnalyticsTables.HEATMAP);
        for (var e : grid.entrySet()) {
            for (int dow = 0; dow < 7; dow++) {
                for (int h = 0; h < 24; h++) {
                    t.add(List.of(e.getKey(), dow + 1, h, e.getValue()[dow][h]));
                }
            }
        }
        return t.build();
    }

    /**
     * hotspots: zones with an area, ranked by alerts per 1,000 m² per day (ties by zone id), with
     * the rate of the period of the same length before and the change in percent (null when the
     * previous rate was 0). The partition is replaced whole: ranks move between runs.
     */
    public Table hotspots() {
        record Spot(String zone, double rate, double previous) {}
        List<Spot> spots = new ArrayList<>();
        for (Zone z : zones.values()) {
            if (z.areaM2() == null || !(z.areaM2() > 0)) {
                continue;
            }
            long now = alerts.stream().filter(a -> a.zone().equals(z.id())).count();
            long before = previousAlerts.stream().filter(a -> a.zone().equals(z.id())).count();
            double perDay = range.length() * z.areaM2() / 1000.0;
            spots.add(new Spot(z.id(), now / perDay, before / perDay));
        }
        spots.sort(Comparator.comparingDouble(Spot::rate).reversed().thenComparing(Spot::zone));
        Table.Builder t = Table.builder(AnalyticsTables.HOTSPOTS);
        int rank = 1;
        for (Spot s : spots) {
            Double change = s.previous() == 0 ? null : (s.rate() - s.previous()) / s.previous() * 100;
            t.add(Arrays.asList(range.to(), rank++, s.zone(), s.rate(), s.previous(), change));
        }
        return t.build();
    }

    /** crowd_peaks: per zone and local hour, the 95th percentile density and samples per level of service. */
    public Table crowdPeaks() {
        Table.Builder t = Table.builder(AnalyticsTables.CROWD_PEAKS);
        for (String zone : zones.keySet()) {
            for (int h = 0; h < 24; h++) {
                HourStats s = hourStats.getOrDefault(zone, Map.of()).getOrDefault(h, HourStats.EMPTY);
                t.add(Arrays.asList(zone, h, s.densityP95(), settings.levels().counts(s.densityBins())));
            }
        }
        return t.build();
    }

    /** noise_baseline: per zone and local hour, the mean and sample standard deviation of the sound level (null without readings). */
    public Table noiseBaseline() {
        Table.Builder t = Table.builder(AnalyticsTables.NOISE_BASELINE);
        for (String zone : zones.keySet()) {
            for (int h = 0; h < 24; h++) {
                HourStats s = hourStats.getOrDefault(zone, Map.of()).getOrDefault(h, HourStats.EMPTY);
                t.add(Arrays.asList(zone, h, s.noiseMean(), s.noiseStddev()));
            }
        }
        return t.build();
    }

    /** trends: per zone and alert type, the slope of the daily counts over the range and its significance. */
    public Table trends() {
        Map<String, Long> c = countByZoneDayType();
        List<LocalDate> days = range.days();
        Table.Builder t = Table.builder(AnalyticsTables.TRENDS);
        for (String zone : zones.keySet()) {
            for (String type : types) {
                long[] series = new long[days.size()];
                for (int i = 0; i < series.length; i++) {
                    series[i] = c.getOrDefault(zone + "|" + days.get(i) + "|" + type, 0L);
                }
                Trend tr = Trend.of(series);
                t.add(Arrays.asList(zone, type, tr.slopePerDay(), tr.pValue(), tr.significant(settings.trendAlpha()), range.from(), range.to()));
            }
        }
        return t.build();
    }

    /**
     * alert_handling: per alert type, the median time from start to acknowledgement (acknowledged
     * alerts only) and the share of the range's alerts marked false alarm; null where undefined.
     */
    public Table alertHandling() {
        Table.Builder t = Table.builder(AnalyticsTables.ALERT_HANDLING);
        for (String type : types) {
            List<AlertRow> of = alerts.stream().filter(a -> a.type().equals(type)).toList();
            double[] ack = of.stream().filter(a -> Boolean.TRUE.equals(a.acknowledged()) && a.ackAt() != null)
                    .mapToDouble(a -> Duration.between(a.startedAt(), a.ackAt()).toMillis() / 1000.0).sorted().toArray();
            Double median = ack.length == 0 ? null
                    : ack.length % 2 == 1 ? ack[ack.length / 2] : (ack[ack.length / 2 - 1] + ack[ack.length / 2]) / 2;
            Double share = of.isEmpty() ? null : of.stream().filter(a -> Boolean.TRUE.equals(a.falseAlarm())).count() / (double) of.size();
            t.add(Arrays.asList(range.to(), type, median, share));
        }
        return t.build();
    }
}
