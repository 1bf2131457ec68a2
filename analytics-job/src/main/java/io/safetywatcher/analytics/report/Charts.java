package io.safetywatcher.analytics.report;

import io.safetywatcher.analytics.figures.LevelOfService;
import io.safetywatcher.analytics.figures.Range;
import io.safetywatcher.analytics.table.Table;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report's charts, drawn by XChart from the result tables and encoded as PNG. A chart
 * with nothing to show still renders (zeros, or one "no data" category): an empty range gets
 * an empty chart, not a missing file.
 */
final class Charts {
    static final int WIDTH = 900;
    static final int HEIGHT = 420;
    private static final List<String> DAYS = List.of("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun");

    private Charts() {}

    static byte[] png(Chart<?, ?> chart) throws IOException {
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    /** City-wide incidents by local hour of day (x) and day of week (y). */
    static HeatMapChart heatmap(Table heatmap, Range range) {
        HeatMapChart c = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Incidents by hour and day of week, " + range + " (zone-local time)").xAxisTitle("hour").yAxisTitle("").build();
        List<Integer> hours = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            hours.add(h);
        }
        List<Number[]> cells = new ArrayList<>();
        for (List<Object> r : heatmap.rows()) {
            if ("all".equals(r.get(0))) {
                cells.add(new Number[] {(Integer) r.get(2), (Integer) r.get(1) - 1, (Long) r.get(3)});
            }
        }
        c.addSeries("incidents", hours, DAYS, cells);
        return c;
    }

    /** Alerts per 1,000 m² per day by zone, this period next to the previous one, best ranked first. */
    static CategoryChart hotspots(Table hotspots, Range range) {
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title("Hotspots, " + range + " vs the period before")
                .xAxisTitle("zone").yAxisTitle("alerts per 1,000 m2 per day").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setXAxisLabelRotation(30);
        List<String> zones = new ArrayList<>();
        List<Double> now = new ArrayList<>();
        List<Double> before = new ArrayList<>();
        for (List<Object> r : hotspots.rows()) {
            zones.add((String) r.get(2));
            now.add((Double) r.get(3));
            before.add((Double) r.get(4));
        }
        if (zones.isEmpty()) {
            zones.add("no zones with an area");
            now.add(0.0);
            before.add(0.0);
        }
        c.addSeries("this period", zones, now);
        c.addSeries("previous period", zones, before);
        return c;
    }

    /** Incidents per day for each zone (all alert types), over the range. */
    static XYChart trends(Table incidents, Range range) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Incidents per day by zone, " + range)
                .xAxisTitle("day").yAxisTitle("incidents").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setDatePattern("MM-dd");
        Map<String, Map<LocalDate, Long>> series = new TreeMap<>();
        for (List<Object> r : incidents.rows()) {
            series.computeIfAbsent((String) r.get(0), k -> new TreeMap<>()).merge((LocalDate) r.get(1), (Long) r.get(3), Long::sum);
        }
        List<Date> days = range.days().stream().map(d -> Date.from(d.atStartOfDay(ZoneOffset.UTC).toInstant())).toList();
        if (series.isEmpty()) {
            c.addSeries("no zones", days, days.stream().map(d -> 0).toList());
        }
        series.forEach((zone, byDay) -> c.addSeries(zone, days, range.days().stream().map(d -> byDay.getOrDefault(d, 0L)).toList()));
        return c;
    }

    /** Per zone, the share of crowd-density samples at each level of service (stacked to 100 %). */
    static CategoryChart levelOfServiceShare(Table crowdPeaks) {
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title("Time at each level of service (share of density samples)")
                .xAxisTitle("zone").yAxisTitle("% of samples").build();
        c.getStyler().setStacked(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setXAxisLabelRotation(30);
        Map<String, Map<String, Long>> byZone = new TreeMap<>();
        for (List<Object> r : crowdPeaks.rows()) {
            @SuppressWarnings("unchecked")
            Map<String, Long> los = (Map<String, Long>) r.get(3);
            los.forEach((level, n) -> byZone.computeIfAbsent((String) r.get(0), k -> new TreeMap<>()).merge(level, n, Long::sum));
        }
        List<String> zones = new ArrayList<>(byZone.keySet());
        if (zones.isEmpty()) {
            zones.add("no zones");
        }
        for (String level : LevelOfService.LEVELS) {
            List<Double> share = new ArrayList<>();
            for (String z : zones) {
                Map<String, Long> los = byZone.getOrDefault(z, Map.of());
                long total = los.values().stream().mapToLong(Long::longValue).sum();
                share.add(total == 0 ? 0.0 : 100.0 * los.getOrDefault(level, 0L) / total);
            }
            c.addSeries(level, zones, share);
        }
        return c;
    }
}
