package io.safetywatcher.analytics.spark;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.safetywatcher.analytics.figures.Range;
import io.safetywatcher.analytics.report.Report;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.stack.junit.StackEndpoints;
import io.safetywatcher.stack.junit.StackTest;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The job on the real Cassandra, over a small city seeded with the driver (SeedCity). Every
 * figure the job writes is compared with one this test works out on its own, in plain Java,
 * from the seeded records. The tests share one SparkSession and run in order: the range-wide
 * tables (heatmap, peaks, baselines, trends) hold the latest run's figures.
 */
@StackTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnalyticsJobTest {
    static final LocalDate BASE = LocalDate.now(ZoneOffset.UTC).minusDays(20);
    static final Range RANGE = new Range(BASE, BASE.plusDays(3));
    /** The range's last day has only quarantined input. */
    static final LocalDate QUARANTINE_ONLY = BASE.plusDays(3);
    static final double TOL = 1e-6;

    static SparkSession spark;
    static SeedCity city = new SeedCity();
    static AnalyticsJob job;
    static String ks;

    @BeforeAll
    static void seed(StackEndpoints stack) {
        // The figures from Cassandra alone; the archive, which full runs would rewrite each time, has ArchiveTest.
        WatcherConfig config = stack.config().with("analytics.archive.enabled", "false", "test");
        ks = stack.keyspace();
        spark = SeedCity.localSpark(config, 2);
        job = new AnalyticsJob(spark, config, Clock.systemUTC());
        for (int i = 0; i < 3; i++) {
            city.normalDay(BASE.plusDays(i), Duration.ofMinutes(10), Instant.MAX);
        }
        Instant q = QUARANTINE_ONLY.atStartOfDay(ZoneOffset.UTC).toInstant();
        city.quarantine(q.plusSeconds(3_600), "plaza-sound-1", "out_of_range");
        city.quarantine(q.plusSeconds(7_200), "plaza-sound-1", "out_of_range");
        city.quarantine(q.plusSeconds(7_300), "ghost-1", "unknown_device");
        Instant d1 = BASE.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        city.quarantine(d1.plusSeconds(600), "plaza-density-1", "out_of_range");
        city.quarantine(d1.plusSeconds(900), "plaza-density-1", "not_a_number");
        city.quarantine(d1.plusSeconds(1_200), "plaza-sound-1", "late");
        int[] noise = {1, 3, 4, 7};
        for (int i = 0; i < 4; i++) {
            city.alerts("plaza", "noise", BASE.plusDays(i), noise[i]);
            city.alerts("station", "crowd-density", BASE.plusDays(i), 2);
        }
        city.alerts("plaza", "gunshot", BASE.plusDays(1), 2);
        city.alerts("plaza", "noise", BASE.minusDays(2), 2);
        city.alerts("station", "crowd-density", BASE.minusDays(3), 1);
        try (CqlSession s = stack.openSession()) {
            city.storeAll(s, ks);
        }
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    @Order(1)
    void everyFigureEqualsOneComputedInPlainJava(StackEndpoints stack) {
        RunResult r = job.run(RANGE, true);
        assertThat(r.daysScanned()).containsExactlyElementsOf(RANGE.days());
        assertThat(r.readingsScanned()).isEqualTo(city.readings.size());
        try (CqlSession s = stack.openSession()) {
            assertFigures(s);
            Row run = s.execute("SELECT status, days_recomputed, from_day, to_day, error FROM " + ks + ".analytics_runs WHERE run_day = ? AND started_at = ? AND run_id = ?",
                    LocalDate.ofInstant(r.startedAt(), ZoneOffset.UTC), r.startedAt(), r.runId()).one();
            assertThat(run).isNotNull();
            assertThat(run.getString("status")).isEqualTo("succeeded");
            assertThat(run.getList("days_recomputed", LocalDate.class)).containsExactlyElementsOf(RANGE.days());
            assertThat(run.getLocalDate("from_day")).isEqualTo(RANGE.from());
            assertThat(run.getString("error")).isNull();
        }
    }

    @Test
    @Order(2)
    void aRerunWritesTheSameRows(StackEndpoints stack) {
        try (CqlSession s = stack.openSession()) {
            Map<String, List<String>> before = snapshot(s);
            job.run(RANGE, true);
            assertThat(snapshot(s)).isEqualTo(before);
        }
    }

    @Test
    @Order(3)
    void anIncrementalRunScansOnlyTheDayWhoseRawDataChanged(StackEndpoints stack) {
        RunResult nothingNew = job.run(RANGE, false);
        assertThat(nothingNew.daysScanned()).isEmpty();

        LocalDate changed = BASE.plusDays(1);
        int r0 = city.readings.size();
        Instant t = changed.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(13 * 3_600 + 17);
        city.reading("plaza-sound-1", t, 99.5);
        city.reading("plaza-density-1", t, 6.4);
        try (CqlSession s = stack.openSession()) {
            city.write(s, ks, Instant.now(), r0, city.cameraInput.size(), city.quarantined.size(), city.alerts.size());
            RunResult r = job.run(RANGE, false);
            assertThat(r.daysScanned()).containsExactly(changed);
            Row run = s.execute("SELECT days_recomputed, status FROM " + ks + ".analytics_runs WHERE run_day = ? AND started_at = ? AND run_id = ?",
                    LocalDate.ofInstant(r.startedAt(), ZoneOffset.UTC), r.startedAt(), r.runId()).one();
            assertThat(run.getList("days_recomputed", LocalDate.class)).containsExactly(changed);
            assertThat(run.getString("status")).isEqualTo("succeeded");
            Row day = s.execute("SELECT computed_at, run_id FROM " + ks + ".analytics_days WHERE day = ?", changed).one();
            assertThat(day.getUuid("run_id")).isEqualTo(r.runId());
            // The new readings are in the baselines and peaks: the figures still match plain Java over all rows.
            assertFigures(s);
        }
    }

    @Test
    @Order(4)
    void anEmptyRangeGivesZerosAndNullsNotAnError(StackEndpoints stack) {
        Range empty = new Range(BASE.minusDays(60), BASE.minusDays(58));
        RunResult r = job.run(empty, false);
        assertThat(r.daysScanned()).containsExactlyElementsOf(empty.days());
        assertThat(r.readingsScanned()).isZero();
        assertThat(r.table("incidents_by_zone_day").rows()).hasSize(3 * 3 * AlertType.values().length)
                .allSatisfy(row -> assertThat(row.get(3)).isEqualTo(0L));
        assertThat(r.table("hotspots").rows()).hasSize(3).allSatisfy(row -> {
            assertThat(row.get(3)).isEqualTo(0.0);
            assertThat(row.get(5)).isNull();
        });
        assertThat(r.table("crowd_peaks").rows()).hasSize(3 * 24).allSatisfy(row -> assertThat(row.get(2)).isNull());
        assertThat(r.table("noise_baseline").rows()).allSatisfy(row -> assertThat(row.get(2)).isNull());
        assertThat(r.table("trends").rows()).allSatisfy(row -> {
            assertThat(row.get(2)).isEqualTo(0.0);
            assertThat(row.get(4)).isEqualTo(false);
        });
        assertThat(r.table("alert_handling").rows()).allSatisfy(row -> assertThat(row.get(3)).isNull());
        assertThat(r.table("device_health").rows()).hasSize(3 * SeedCity.DEVICES.size()).allSatisfy(row -> {
            assertThat(row.get(3)).isEqualTo(true);
            assertThat(row.get(5)).isEqualTo(0L);
            assertThat(row.get(6)).isNull();
        });
        assertThat(r.table("quarantine_by_reason").rows()).allSatisfy(row -> assertThat(row.get(3)).isNull());
    }

    @Test
    @Order(5)
    void theReportIsWrittenItsHtmlReferencesOnlyItsOwnFilesAndEveryPngDecodes(@TempDir Path dir) throws Exception {
        RunResult r = job.run(RANGE, false);
        Report.Files files = Report.write(r, dir);
        assertThat(files.markdown()).exists();
        assertThat(Files.readString(files.markdown())).contains("# Safety Watcher analytics", "![", "hotspots.png", "## Hotspots");
        assertThat(files.charts()).extracting(p -> p.getFileName().toString())
                .containsExactly("heatmap.png", "hotspots.png", "trends.png", "los-share.png");
        for (Path png : files.charts()) {
            BufferedImage img = ImageIO.read(png.toFile());
            assertThat(img).as(png.toString()).isNotNull();
            assertThat(img.getWidth()).isGreaterThan(100);
        }
        assertThat(files.csv()).extracting(p -> p.getFileName().toString()).contains("incidents_by_zone_day.csv", "incident_heatmap.csv",
                "hotspots.csv", "crowd_peaks.csv", "noise_baseline.csv", "trends.csv", "alert_handling.csv", "device_health.csv",
                "quarantine_by_reason.csv", "analytics_runs.csv");
        assertThat(Files.readAllLines(dir.resolve("hotspots.csv")).get(0)).isEqualTo("period_end,rank,zone_id,alerts_per_1000m2_day,previous,change_pct");

        Set<String> written = new TreeSet<>();
        files.csv().forEach(p -> written.add(p.getFileName().toString()));
        files.charts().forEach(p -> written.add(p.getFileName().toString()));
        String html = Files.readString(files.html());
        Matcher m = Pattern.compile("(?:src|href)\\s*=\\s*\"([^\"]*)\"").matcher(html);
        List<String> refs = new ArrayList<>();
        while (m.find()) {
            refs.add(m.group(1));
        }
        assertThat(refs).isNotEmpty();
        assertThat(refs.stream().filter(u -> u.startsWith("data:image/png;base64,"))).hasSize(4);
        assertThat(refs.stream().filter(u -> !u.startsWith("data:"))).isNotEmpty().allSatisfy(u -> {
            assertThat(written).contains(u);
            assertThat(dir.resolve(u)).exists();
        });
        assertThat(html).doesNotContain("http:", "https:", "<script", "@import");
    }

    @Test
    @Order(6)
    void rawTablesAreReadByDirectJoinOnTheirPartitionKeys() {
        RawScan scan = new RawScan(spark, ks);
        String plan = scan.readingGroups(List.of("plaza-sound-1"), List.of(BASE), SeedCity.registryZones()).queryExecution().executedPlan().toString();
        assertThat(plan).contains("Cassandra Direct Join [sensor_id = sensor_id", "readings_by_sensor_day").doesNotContain("BatchScan");
    }

    // ---- the figures, worked out independently -------------------------------------------------

    private static void assertFigures(CqlSession s) {
        List<SeedCity.Alert> inRange = city.alerts.stream().filter(a -> RANGE.contains(a.day())).toList();
        List<SeedCity.Alert> previous = city.alerts.stream().filter(a -> RANGE.previous().contains(a.day())).toList();
        Map<String, SeedCity.Zone> zones = SeedCity.ZONES.stream().collect(Collectors.toMap(SeedCity.Zone::id, z -> z));
        List<String> types = Arrays.stream(AlertType.values()).map(AlertType::id).toList();

        // incidents per zone, day and type
        int incidentRows = 0;
        for (SeedCity.Zone z : SeedCity.ZONES) {
            for (Row row : s.execute("SELECT day, alert_type, count FROM " + ks + ".incidents_by_zone_day WHERE zone_id = ? AND day >= ? AND day <= ?",
                    z.id(), RANGE.from(), RANGE.to())) {
                long expected = inRange.stream().filter(a -> a.zone().equals(z.id()) && a.day().equals(row.getLocalDate("day"))
                        && a.type().equals(row.getString("alert_type"))).count();
                assertThat(row.getLong("count")).as(z.id() + " " + row.getLocalDate("day") + " " + row.getString("alert_type")).isEqualTo(expected);
                incidentRows++;
            }
        }
        assertThat(incidentRows).isEqualTo(3 * RANGE.length() * types.size());

        // heatmap, zone-local day of week and hour
        for (String scope : List.of("all", "plaza", "station", "park")) {
            long[][] expected = new long[8][24];
            for (SeedCity.Alert a : inRange) {
                if (scope.equals("all") || scope.equals(a.zone())) {
                    ZonedDateTime local = a.startedAt().atZone(zones.get(a.zone()).zoneId());
                    expected[local.getDayOfWeek().getValue()][local.getHour()]++;
                }
            }
            int cells = 0;
            for (Row row : s.execute("SELECT dow, hour, count FROM " + ks + ".incident_heatmap WHERE scope = ?", scope)) {
                assertThat(row.getLong("count")).as(scope + " " + row.getInt("dow") + " " + row.getInt("hour"))
                        .isEqualTo(expected[row.getInt("dow")][row.getInt("hour")]);
                cells++;
            }
            assertThat(cells).isEqualTo(7 * 24);
        }

        // hotspots
        record Spot(String zone, double rate, double previous) {}
        List<Spot> spots = new ArrayList<>();
        for (SeedCity.Zone z : SeedCity.ZONES) {
            double denominator = z.area() / 1000.0 * RANGE.length();
            spots.add(new Spot(z.id(), inRange.stream().filter(a -> a.zone().equals(z.id())).count() / denominator,
                    previous.stream().filter(a -> a.zone().equals(z.id())).count() / denominator));
        }
        spots.sort((a, b) -> a.rate() != b.rate() ? Double.compare(b.rate(), a.rate()) : a.zone().compareTo(b.zone()));
        List<Row> hot = s.execute("SELECT rank, zone_id, alerts_per_1000m2_day, previous, change_pct FROM " + ks + ".hotspots WHERE period_end = ?", RANGE.to()).all();
        assertThat(hot).hasSize(spots.size());
        for (int i = 0; i < spots.size(); i++) {
            Row row = hot.get(i);
            Spot sp = spots.get(i);
            assertThat(row.getInt("rank")).isEqualTo(i + 1);
            assertThat(row.getString("zone_id")).isEqualTo(sp.zone());
            assertThat(row.getDouble("alerts_per_1000m2_day")).isCloseTo(sp.rate(), within(TOL));
            assertThat(row.getDouble("previous")).isCloseTo(sp.previous(), within(TOL));
            if (sp.previous() == 0) {
                assertThat(row.isNull("change_pct")).isTrue();
            } else {
                assertThat(row.getDouble("change_pct")).isCloseTo((sp.rate() - sp.previous()) / sp.previous() * 100, within(TOL));
            }
        }

        // crowd peaks and noise baseline, by zone-local hour
        for (SeedCity.Zone z : SeedCity.ZONES) {
            Map<Integer, List<Integer>> density = new TreeMap<>();
            Map<Integer, List<Double>> sound = new TreeMap<>();
            for (SeedCity.Reading r : city.readings) {
                if (!r.zone().equals(z.id()) || !RANGE.contains(r.day())) {
                    continue;
                }
                int hour = r.ts().atZone(z.zoneId()).getHour();
                if (r.type().equals("crowd_density")) {
                    density.computeIfAbsent(hour, k -> new ArrayList<>()).add((int) Math.floor(r.value() / 0.05 + 1e-9));
                } else if (r.type().equals("sound_level")) {
                    sound.computeIfAbsent(hour, k -> new ArrayList<>()).add(r.value());
                }
            }
            int peakRows = 0;
            for (Row row : s.execute("SELECT hour, p95_density, los_counts FROM " + ks + ".crowd_peaks WHERE zone_id = ?", z.id())) {
                List<Integer> bins = density.getOrDefault(row.getInt("hour"), List.of()).stream().sorted().toList();
                Map<String, Long> los = row.getMap("los_counts", String.class, Long.class);
                if (bins.isEmpty()) {
                    assertThat(row.isNull("p95_density")).isTrue();
                    assertThat(los.values()).containsOnly(0L);
                } else {
                    int rank = (int) Math.ceil(0.95 * bins.size());
                    assertThat(row.getDouble("p95_density")).as(z.id() + " hour " + row.getInt("hour")).isCloseTo(bins.get(rank - 1) * 0.05, within(1e-9));
                    assertThat(los).containsEntry("free", bins.stream().filter(b -> b * 0.05 < 2 - 1e-9).count())
                            .containsEntry("slowed", bins.stream().filter(b -> b * 0.05 >= 2 - 1e-9 && b * 0.05 < 3.6 - 1e-9).count())
                            .containsEntry("contact", bins.stream().filter(b -> b * 0.05 >= 3.6 - 1e-9 && b * 0.05 < 5.5 - 1e-9).count())
                            .containsEntry("dangerous", bins.stream().filter(b -> b * 0.05 >= 5.5 - 1e-9).count());
                }
                peakRows++;
            }
            assertThat(peakRows).isEqualTo(24);
            for (Row row : s.execute("SELECT hour, mean_db, stddev_db FROM " + ks + ".noise_baseline WHERE zone_id = ?", z.id())) {
                List<Double> v = sound.getOrDefault(row.getInt("hour"), List.of());
                if (v.isEmpty()) {
                    assertThat(row.isNull("mean_db")).isTrue();
                    continue;
                }
                double mean = v.stream().mapToDouble(Double::doubleValue).sum() / v.size();
                double var = v.size() < 2 ? 0 : v.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / (v.size() - 1);
                assertThat(row.getDouble("mean_db")).isCloseTo(mean, within(TOL));
                assertThat(row.getDouble("stddev_db")).isCloseTo(Math.sqrt(var), within(TOL));
            }
        }

        // trends: slope and significance of the daily counts, by commons-math's regression
        for (SeedCity.Zone z : SeedCity.ZONES) {
            int trendRows = 0;
            for (Row row : s.execute("SELECT alert_type, slope_per_day, p_value, significant, from_day, to_day FROM " + ks + ".trends WHERE zone_id = ?", z.id())) {
                String type = row.getString("alert_type");
                SimpleRegression reg = new SimpleRegression();
                List<LocalDate> days = RANGE.days();
                Set<Long> distinct = new TreeSet<>();
                for (int i = 0; i < days.size(); i++) {
                    LocalDate d = days.get(i);
                    long n = inRange.stream().filter(a -> a.zone().equals(z.id()) && a.type().equals(type) && a.day().equals(d)).count();
                    reg.addData(i, n);
                    distinct.add(n);
                }
                assertThat(row.getLocalDate("from_day")).isEqualTo(RANGE.from());
                assertThat(row.getLocalDate("to_day")).isEqualTo(RANGE.to());
                if (distinct.size() == 1) {   // a flat series: no trend at all
                    assertThat(row.getDouble("slope_per_day")).isEqualTo(0.0);
                    assertThat(row.getDouble("p_value")).isEqualTo(1.0);
                } else {
                    assertThat(row.getDouble("slope_per_day")).as(z.id() + " " + type).isCloseTo(reg.getSlope(), within(TOL));
                    assertThat(row.getDouble("p_value")).as(z.id() + " " + type).isCloseTo(reg.getSignificance(), within(TOL));
                    assertThat(row.getBoolean("significant")).isEqualTo(reg.getSignificance() < 0.05);
                }
                trendRows++;
            }
            assertThat(trendRows).isEqualTo(types.size());
        }

        // alert handling
        for (Row row : s.execute("SELECT alert_type, median_ack_seconds, false_alarm_share FROM " + ks + ".alert_handling WHERE period_end = ?", RANGE.to())) {
            List<SeedCity.Alert> of = inRange.stream().filter(a -> a.type().equals(row.getString("alert_type"))).toList();
            if (of.isEmpty()) {
                assertThat(row.isNull("false_alarm_share")).isTrue();
                assertThat(row.isNull("median_ack_seconds")).isTrue();
                continue;
            }
            assertThat(row.getDouble("false_alarm_share")).isCloseTo(of.stream().filter(a -> Boolean.TRUE.equals(a.falseAlarm())).count() / (double) of.size(), within(TOL));
            List<Double> ack = of.stream().filter(a -> a.ackAt() != null).map(a -> (a.ackAt().toEpochMilli() - a.startedAt().toEpochMilli()) / 1000.0).sorted().toList();
            if (ack.isEmpty()) {
                assertThat(row.isNull("median_ack_seconds")).isTrue();
                continue;
            }
            double median = ack.size() % 2 == 1 ? ack.get(ack.size() / 2) : (ack.get(ack.size() / 2 - 1) + ack.get(ack.size() / 2)) / 2;
            assertThat(row.getDouble("median_ack_seconds")).isCloseTo(median, within(TOL));
        }

        // device health and quarantine by reason, per day
        Map<String, Long> storedByDay = new HashMap<>();
        for (LocalDate d : RANGE.days()) {
            Instant end = d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            int devices = 0;
            for (Row row : s.execute("SELECT device_id, last_seen, silent, quarantined, total, quarantine_rate FROM " + ks + ".device_health WHERE day = ?", d)) {
                String dev = row.getString("device_id");
                List<Instant> times = new ArrayList<>();
                city.readings.stream().filter(r -> r.sensor().equals(dev) && r.day().equals(d)).forEach(r -> times.add(r.ts()));
                city.cameraInput.stream().filter(c -> c.camera().equals(dev) && c.day().equals(d)).forEach(c -> times.add(c.ts()));
                long quarantined = city.quarantined.stream().filter(q -> dev.equals(q.device()) && q.day().equals(d) && !q.reason().equals("late")).count();
                Instant last = times.stream().max(Instant::compareTo).orElse(null);
                assertThat(row.getInstant("last_seen")).as(dev + " " + d).isEqualTo(last);
                assertThat(row.getLong("quarantined")).as(dev + " " + d).isEqualTo(quarantined);
                assertThat(row.getLong("total")).as(dev + " " + d).isEqualTo(times.size() + quarantined);
                assertThat(row.getBoolean("silent")).as(dev + " " + d).isEqualTo(last == null || last.isBefore(end.minus(Duration.ofMinutes(15))));
                if (times.size() + quarantined == 0) {
                    assertThat(row.isNull("quarantine_rate")).isTrue();
                } else {
                    assertThat(row.getDouble("quarantine_rate")).isCloseTo(quarantined / (double) (times.size() + quarantined), within(TOL));
                }
                storedByDay.merge(d.toString(), (long) times.size(), Long::sum);
                devices++;
            }
            assertThat(devices).isEqualTo(SeedCity.DEVICES.size());
        }
        for (LocalDate d : RANGE.days()) {
            long rejected = city.quarantined.stream().filter(q -> q.day().equals(d) && !q.reason().equals("late")).count();
            long input = storedByDay.getOrDefault(d.toString(), 0L) + rejected;
            for (Row row : s.execute("SELECT reason, count, share FROM " + ks + ".quarantine_by_reason WHERE day = ?", d)) {
                long n = city.quarantined.stream().filter(q -> q.day().equals(d) && q.reason().equals(row.getString("reason"))).count();
                assertThat(row.getLong("count")).as(d + " " + row.getString("reason")).isEqualTo(n);
                assertThat(row.getDouble("share")).isCloseTo(n / (double) input, within(TOL));
            }
        }
        // The quarantine-only day: rejected input counted, nothing stored, the device silent.
        Row onlyBad = s.execute("SELECT silent, quarantined, total, quarantine_rate FROM " + ks + ".device_health WHERE day = ? AND device_id = 'plaza-sound-1'",
                QUARANTINE_ONLY).one();
        assertThat(onlyBad.getLong("quarantined")).isEqualTo(2);
        assertThat(onlyBad.getDouble("quarantine_rate")).isEqualTo(1.0);
        assertThat(onlyBad.getBoolean("silent")).isTrue();
    }

    /** Every result row the job wrote for the range, as text, table by table. */
    private static Map<String, List<String>> snapshot(CqlSession s) {
        Map<String, List<String>> out = new TreeMap<>();
        for (String t : List.of("incidents_by_zone_day", "incident_heatmap", "hotspots", "crowd_peaks", "noise_baseline", "trends",
                "device_health", "alert_handling", "zone_hour_stats_by_day", "quarantine_by_reason")) {
            List<String> rows = new ArrayList<>();
            s.execute("SELECT * FROM " + ks + "." + t).forEach(r -> rows.add(r.getFormattedContents()));
            rows.sort(String::compareTo);
            out.put(t, rows);
        }
        return out;
    }
}
