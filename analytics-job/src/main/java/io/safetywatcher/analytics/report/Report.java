package io.safetywatcher.analytics.report;

import io.safetywatcher.store.analytics.AnalyticsTables;
import io.safetywatcher.analytics.spark.RunResult;
import io.safetywatcher.analytics.table.Table;
import org.knowm.xchart.internal.chartpart.Chart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code --report DIR}: what a run found, for people. {@code report.md}, a self-contained
 * {@code report.html} (charts embedded as data URIs, no stylesheet or script from anywhere; its
 * only links are to the CSVs written next to it), the PNG charts, and one CSV per result table.
 */
public final class Report {
    /** The files of one report, in the order they are written. */
    public record Files(List<Path> csv, List<Path> charts, Path markdown, Path html) {}

    private sealed interface Block permits Heading, Text, Grid, Image {}
    private record Heading(String text) implements Block {}
    private record Text(String text) implements Block {}
    private record Grid(List<String> header, List<List<String>> rows) implements Block {}
    private record Image(String file, String alt, byte[] png) implements Block {}

    private Report() {}

    public static Files write(RunResult r, Path dir) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        List<Path> csv = new ArrayList<>();
        for (Table t : r.tables()) {
            Path p = dir.resolve(t.name() + ".csv");
            java.nio.file.Files.writeString(p, t.csv(), StandardCharsets.UTF_8);
            csv.add(p);
        }
        Map<String, Chart<?, ?>> charts = new LinkedHashMap<>();
        charts.put("heatmap.png", Charts.heatmap(r.table(AnalyticsTables.HEATMAP.name()), r.range()));
        charts.put("hotspots.png", Charts.hotspots(r.table(AnalyticsTables.HOTSPOTS.name()), r.range()));
        charts.put("trends.png", Charts.trends(r.table(AnalyticsTables.INCIDENTS.name()), r.range()));
        charts.put("los-share.png", Charts.levelOfServiceShare(r.table(AnalyticsTables.CROWD_PEAKS.name())));
        Map<String, byte[]> png = new LinkedHashMap<>();
        List<Path> chartFiles = new ArrayList<>();
        for (var e : charts.entrySet()) {
            byte[] b = Charts.png(e.getValue());
            png.put(e.getKey(), b);
            Path p = dir.resolve(e.getKey());
            java.nio.file.Files.write(p, b);
            chartFiles.add(p);
        }
        List<Block> doc = document(r, png, csv.stream().map(p -> p.getFileName().toString()).toList());
        Path md = dir.resolve("report.md");
        java.nio.file.Files.writeString(md, markdown(doc), StandardCharsets.UTF_8);
        Path html = dir.resolve("report.html");
        java.nio.file.Files.writeString(html, html(doc, "Safety Watcher analytics " + r.range()), StandardCharsets.UTF_8);
        return new Files(csv, chartFiles, md, html);
    }

    private static List<Block> document(RunResult r, Map<String, byte[]> png, List<String> csvFiles) {
        List<Block> d = new ArrayList<>();
        d.add(new Heading("Safety Watcher analytics, " + r.range().from() + " to " + r.range().to()));
        d.add(new Text("Run " + r.runId() + " started " + r.startedAt() + " (" + (r.full() ? "full" : "incremental") + "): scanned "
                + r.daysScanned().size() + " of " + r.range().length() + " days, " + r.readingsScanned() + " readings, in "
                + String.format("%.1f", r.durationMs() / 1000.0) + " s. Days are UTC days; hours of day are each zone's local time."));

        Table inc = r.table(AnalyticsTables.INCIDENTS.name());
        Map<String, Long> byType = new TreeMap<>();
        Map<String, Long> byZone = new TreeMap<>();
        inc.rows().forEach(row -> {
            byType.merge((String) row.get(2), (Long) row.get(3), Long::sum);
            byZone.merge((String) row.get(0), (Long) row.get(3), Long::sum);
        });
        long total = byType.values().stream().mapToLong(Long::longValue).sum();
        d.add(new Heading("Incidents"));
        d.add(new Text(total + " alerts started in the range."));
        d.add(new Grid(List.of("alert type", "alerts"), byType.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> List.of(e.getKey(), e.getValue().toString())).toList()));
        d.add(new Grid(List.of("zone", "alerts"), byZone.entrySet().stream().map(e -> List.of(e.getKey(), e.getValue().toString())).toList()));
        d.add(new Image("trends.png", "Incidents per day by zone", png.get("trends.png")));
        d.add(new Image("heatmap.png", "Incidents by hour and day of week", png.get("heatmap.png")));

        d.add(new Heading("Hotspots"));
        d.add(new Text("Zones ranked by alerts per 1,000 m² per day, against the " + r.range().length() + " days before."));
        d.add(new Grid(List.of("rank", "zone", "per 1,000 m² per day", "previous", "change %"), r.table(AnalyticsTables.HOTSPOTS.name()).rows().stream()
                .map(row -> List.of(s(row.get(1)), s(row.get(2)), num(row.get(3), 4), num(row.get(4), 4), num(row.get(5), 1))).toList()));
        d.add(new Image("hotspots.png", "Hotspots", png.get("hotspots.png")));

        d.add(new Heading("Trends"));
        List<List<String>> significant = r.table(AnalyticsTables.TRENDS.name()).rows().stream().filter(row -> Boolean.TRUE.equals(row.get(4)))
                .map(row -> List.of(s(row.get(0)), s(row.get(1)), num(row.get(2), 3), num(row.get(3), 4))).toList();
        d.add(new Text(significant.isEmpty() ? "No zone and alert type has a trend that is more than noise."
                : significant.size() + " zone/alert-type series change by more than noise:"));
        if (!significant.isEmpty()) {
            d.add(new Grid(List.of("zone", "alert type", "slope per day", "p-value"), significant));
        }

        d.add(new Heading("Crowds"));
        List<List<String>> peaks = new ArrayList<>();
        Map<String, List<Object>> peakByZone = new TreeMap<>();
        for (List<Object> row : r.table(AnalyticsTables.CROWD_PEAKS.name()).rows()) {
            if (row.get(2) != null && (peakByZone.get((String) row.get(0)) == null
                    || (Double) row.get(2) > (Double) peakByZone.get((String) row.get(0)).get(2))) {
                peakByZone.put((String) row.get(0), row);
            }
        }
        peakByZone.forEach((z, row) -> peaks.add(List.of(z, s(row.get(1)) + ":00", num(row.get(2), 2))));
        d.add(new Text(peaks.isEmpty() ? "No crowd-density readings in the range." : "The busiest hour of each zone (95th percentile density, people/m²):"));
        if (!peaks.isEmpty()) {
            d.add(new Grid(List.of("zone", "peak hour", "p95 density"), peaks));
        }
        d.add(new Image("los-share.png", "Time at each level of service", png.get("los-share.png")));

        d.add(new Heading("Noise baseline"));
        Map<String, List<Object>> loudest = new TreeMap<>();
        for (List<Object> row : r.table(AnalyticsTables.NOISE_BASELINE.name()).rows()) {
            if (row.get(2) != null && (loudest.get((String) row.get(0)) == null || (Double) row.get(2) > (Double) loudest.get((String) row.get(0)).get(2))) {
                loudest.put((String) row.get(0), row);
            }
        }
        d.add(new Text(loudest.isEmpty() ? "No sound-level readings in the range." : "The loudest hour of each zone (mean and standard deviation, dB):"));
        if (!loudest.isEmpty()) {
            d.add(new Grid(List.of("zone", "hour", "mean dB", "stddev dB"), loudest.entrySet().stream()
                    .map(e -> List.of(e.getKey(), s(e.getValue().get(1)) + ":00", num(e.getValue().get(2), 1), num(e.getValue().get(3), 1))).toList()));
        }

        d.add(new Heading("Device health"));
        Table health = r.table(AnalyticsTables.DEVICE_HEALTH.name());
        LocalDate last = r.range().to();
        List<List<String>> silent = health.rows().stream().filter(row -> last.equals(row.get(0)) && Boolean.TRUE.equals(row.get(3)))
                .map(row -> List.of(s(row.get(1)), row.get(2) == null ? "no input that day" : s(row.get(2)))).toList();
        d.add(new Text(silent.isEmpty() ? "No device was silent on " + last + "."
                : silent.size() + " devices were silent on " + last + (silent.size() > 20 ? " (the first 20; all in device_health.csv):" : ":")));
        if (!silent.isEmpty()) {
            d.add(new Grid(List.of("device", "last seen"), silent.subList(0, Math.min(20, silent.size()))));
        }
        Map<String, long[]> q = new TreeMap<>();
        health.rows().forEach(row -> {
            long[] a = q.computeIfAbsent((String) row.get(1), k -> new long[2]);
            a[0] += (Long) row.get(4);
            a[1] += (Long) row.get(5);
        });
        List<List<String>> worst = q.entrySet().stream().filter(e -> e.getValue()[0] > 0)
                .sorted(Comparator.comparingDouble((Map.Entry<String, long[]> e) -> -e.getValue()[0] / (double) e.getValue()[1]))
                .limit(10).map(e -> List.of(e.getKey(), Long.toString(e.getValue()[0]), Long.toString(e.getValue()[1]),
                        String.format("%.2f %%", 100.0 * e.getValue()[0] / e.getValue()[1]))).toList();
        d.add(new Text(worst.isEmpty() ? "No input of a registered device was quarantined." : "Devices with the highest quarantine rate:"));
        if (!worst.isEmpty()) {
            d.add(new Grid(List.of("device", "quarantined", "input", "rate"), worst));
        }
        // Inputs of a device whose clock ran ahead are stored but not applied: name the device, or
        // it looks healthy while detection ignores it. Null on rows written before the column.
        Map<String, Long> ahead = new TreeMap<>();
        int aheadColumn = health.column("clock_ahead");
        health.rows().forEach(row -> {
            Object n = row.get(aheadColumn);
            if (n != null && (Long) n > 0) {
                ahead.merge((String) row.get(1), (Long) n, Long::sum);
            }
        });
        d.add(new Text(ahead.isEmpty() ? "No device's clock ran ahead of the job's."
                : "Devices whose clock ran ahead of the job's (their input stored but not applied to detection; set the device's clock):"));
        if (!ahead.isEmpty()) {
            d.add(new Grid(List.of("device", "inputs ahead"), ahead.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(20).map(e -> List.of(e.getKey(), Long.toString(e.getValue()))).toList()));
        }
        Map<String, Long> reasons = new TreeMap<>();
        r.table(AnalyticsTables.QUARANTINE_BY_REASON.name()).rows().forEach(row -> reasons.merge((String) row.get(1), (Long) row.get(2), Long::sum));
        List<List<String>> reasonRows = reasons.entrySet().stream().filter(e -> e.getValue() > 0).map(e -> List.of(e.getKey(), e.getValue().toString())).toList();
        if (!reasonRows.isEmpty()) {
            d.add(new Grid(List.of("quarantine reason", "records"), reasonRows));
        }

        d.add(new Heading("Alert handling"));
        List<List<String>> handling = r.table(AnalyticsTables.ALERT_HANDLING.name()).rows().stream().filter(row -> row.get(3) != null)
                .map(row -> List.of(s(row.get(1)), row.get(2) == null ? "none acknowledged" : num(row.get(2), 0) + " s", String.format("%.1f %%", 100 * (Double) row.get(3)))).toList();
        d.add(new Text(handling.isEmpty() ? "No alerts in the range." : "Median time to acknowledge and share marked false alarm, per alert type:"));
        if (!handling.isEmpty()) {
            d.add(new Grid(List.of("alert type", "median time to acknowledge", "false alarms"), handling));
        }

        d.add(new Heading("Data"));
        d.add(new Text("Every result table as CSV: " + String.join(", ", csvFiles) + "."));
        return d;
    }

    private static String s(Object o) { return Table.text(o); }

    private static String num(Object o, int decimals) { return o == null ? "-" : String.format("%." + decimals + "f", ((Number) o).doubleValue()); }

    private static String markdown(List<Block> doc) {
        StringBuilder b = new StringBuilder();
        boolean first = true;
        for (Block block : doc) {
            if (block instanceof Heading h) {
                b.append(first ? "# " : "\n## ").append(h.text()).append("\n\n");
            } else if (block instanceof Text t) {
                b.append(t.text()).append("\n\n");
            } else if (block instanceof Grid g) {
                b.append("| ").append(String.join(" | ", g.header())).append(" |\n|");
                g.header().forEach(x -> b.append("---|"));
                b.append('\n');
                g.rows().forEach(row -> b.append("| ").append(String.join(" | ", row)).append(" |\n"));
                b.append('\n');
            } else if (block instanceof Image i) {
                b.append("![").append(i.alt()).append("](").append(i.file()).append(")\n\n");
            }
            first = false;
        }
        return b.toString();
    }

    private static String html(List<Block> doc, String title) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title>\n<style>body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}"
                        + "table{border-collapse:collapse;margin:.5em 0 1em}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}"
                        + "th{background:#f2f2f2}img{max-width:100%}</style></head><body>\n");
        boolean first = true;
        for (Block block : doc) {
            if (block instanceof Heading h) {
                b.append(first ? "<h1>" : "<h2>").append(esc(h.text())).append(first ? "</h1>\n" : "</h2>\n");
            } else if (block instanceof Text t) {
                b.append("<p>").append(linkCsv(esc(t.text()))).append("</p>\n");
            } else if (block instanceof Grid g) {
                b.append("<table><tr>");
                g.header().forEach(x -> b.append("<th>").append(esc(x)).append("</th>"));
                b.append("</tr>\n");
                g.rows().forEach(row -> {
                    b.append("<tr>");
                    row.forEach(x -> b.append("<td>").append(esc(x)).append("</td>"));
                    b.append("</tr>\n");
                });
                b.append("</table>\n");
            } else if (block instanceof Image i) {
                // Embedded, so the page opens offline and alone; the same chart is also written as its own PNG.
                b.append("<p><img alt=\"").append(esc(i.alt())).append("\" src=\"data:image/png;base64,")
                        .append(Base64.getEncoder().encodeToString(i.png())).append("\"></p>\n");
            }
            first = false;
        }
        return b.append("</body></html>\n").toString();
    }

    /** The CSV names in the data paragraph become links to the files written next to the report. */
    private static String linkCsv(String text) {
        return text.replaceAll("([a-z_]+\\.csv)", "<a href=\"$1\">$1</a>");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
