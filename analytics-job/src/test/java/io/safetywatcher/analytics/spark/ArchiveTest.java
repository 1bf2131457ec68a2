package io.safetywatcher.analytics.spark;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.safetywatcher.analytics.archive.ArchiveTable;
import io.safetywatcher.analytics.figures.Range;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.stack.junit.StackEndpoints;
import io.safetywatcher.stack.junit.StackTest;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Parquet archive on the real Cassandra: three seeded days are archived with every table's
 * rows equal to Cassandra's (and to the seeded records), a second archiving of a day replaces it
 * rather than adding to it, and once a day is deleted from Cassandra (as its TTL would) a run
 * over the range reads it from the archive: every range figure, the trends first, is what it was
 * while Cassandra held the day, and a run without the archive shows the day missing.
 */
@StackTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ArchiveTest {
    /** Days of their own, far from AnalyticsJobTest's, which shares the keyspace. */
    static final LocalDate BASE = LocalDate.now(ZoneOffset.UTC).minusDays(40);
    static final Range RANGE = new Range(BASE, BASE.plusDays(2));
    static final LocalDate GONE = BASE.plusDays(1);
    /** Every table whose rows a run over RANGE writes, compared before and after GONE leaves Cassandra. */
    static final List<String> FIGURES = List.of("incidents_by_zone_day", "incident_heatmap", "trends", "crowd_peaks", "noise_baseline",
            "hotspots", "alert_handling");

    static SparkSession spark;
    static SeedCity city = new SeedCity();
    static WatcherConfig config;
    static AnalyticsJob job;
    static Path root;
    static String ks;

    @BeforeAll
    static void seed(StackEndpoints stack) throws Exception {
        ks = stack.keyspace();
        root = Files.createTempDirectory("sw-archive");
        config = stack.config().with("analytics.archive.dir", root.toString(), "test");
        spark = SeedCity.localSpark(config, 1);
        job = new AnalyticsJob(spark, config, Clock.systemUTC());
        int[] noise = {1, 4, 6};
        for (int i = 0; i < 3; i++) {
            city.normalDay(BASE.plusDays(i), Duration.ofMinutes(30), Instant.MAX);
            city.alerts("plaza", "noise", BASE.plusDays(i), noise[i]);
            city.alerts("station", "crowd-density", BASE.plusDays(i), 2);
        }
        Instant g = GONE.atStartOfDay(ZoneOffset.UTC).toInstant();
        city.quarantine(g.plusSeconds(600), "plaza-density-1", "out_of_range");
        city.quarantine(g.plusSeconds(900), "ghost-1", "unknown_device");
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
    void everyFinishedDayIsArchivedWithCassandrasRowCounts(StackEndpoints stack) {
        RunResult r = job.run(RANGE, true);
        assertThat(r.daysArchived()).containsExactlyElementsOf(RANGE.days());
        try (CqlSession s = stack.openSession()) {
            for (LocalDate d : RANGE.days()) {
                Row a = s.execute("SELECT * FROM " + ks + ".archive_days WHERE day = ?", d).one();
                assertThat(a).as("archive_days of " + d).isNotNull();
                Map<String, Long> raw = a.getMap("raw_rows", String.class, Long.class);
                long readings = city.readings.stream().filter(x -> x.day().equals(d)).count();
                long frames = city.cameraInput.stream().filter(x -> x.day().equals(d) && x.frame()).count();
                long labels = city.cameraInput.stream().filter(x -> x.day().equals(d) && !x.frame()).mapToLong(x -> x.labels().size()).sum();
                long alerts = city.alerts.stream().filter(x -> x.day().equals(d)).count();
                long quarantined = city.quarantined.stream().filter(x -> x.day().equals(d)).count();
                assertThat(raw).as(d.toString()).containsExactlyInAnyOrderEntriesOf(Map.of("readings", readings, "frames", frames,
                        "observations", labels, "alerts", alerts, "quarantine", quarantined));
                assertThat(readings).isPositive();
                assertThat(raw.get("readings")).isEqualTo(cassandraReadings(s, d));
                assertThat(raw.get("alerts")).isEqualTo(s.execute("SELECT count(*) FROM " + ks + ".alerts_by_day WHERE day = ?", d).one().getLong(0));
                // Every seeded device is in the registry and every value is valid: the clean layer keeps them all.
                assertThat(a.getMap("clean_rows", String.class, Long.class)).containsEntry("readings", readings).containsEntry("frames", frames)
                        .containsEntry("observations", labels).containsEntry("alerts", alerts);
                assertThat(a.getMap("aggregated_rows", String.class, Long.class)).containsEntry("zone_hour_stats", 3L * 24);
                // The files hold what the record says, partitioned by day and zone.
                assertThat(spark.read().parquet(ArchiveTable.RAW_READINGS.dayPath(job.archive().location(), d)).count()).isEqualTo(readings);
                assertThat(root.resolve("raw/readings/day=" + d + "/zone_id=plaza")).isDirectory();
            }
        }
        assertThat(root.resolve("_staging")).isEmptyDirectory();
    }

    @Test
    @Order(2)
    void archivingADayAgainReplacesItAndAnUnchangedDayIsNotArchivedAgain(StackEndpoints stack) {
        assertThat(job.run(RANGE, false).daysArchived()).as("nothing changed").isEmpty();
        Instant first = archivedAt(stack, BASE);
        RunResult again = job.run(new Range(BASE, BASE), true);
        assertThat(again.daysArchived()).containsExactly(BASE);
        assertThat(archivedAt(stack, BASE)).isAfter(first);
        long readings = city.readings.stream().filter(x -> x.day().equals(BASE)).count();
        assertThat(spark.read().parquet(ArchiveTable.RAW_READINGS.dayPath(job.archive().location(), BASE)).count()).isEqualTo(readings);
        assertThat(root.resolve("_replaced")).isEmptyDirectory();
    }

    @Test
    @Order(3)
    void aDayGoneFromCassandraIsReadFromTheArchive(StackEndpoints stack) {
        // The range-wide tables of the whole range again (the last run covered one day); nothing changed, nothing is archived.
        assertThat(job.run(RANGE, false).daysArchived()).isEmpty();
        Map<String, List<String>> before;
        try (CqlSession s = stack.openSession()) {
            before = figures(s);
            assertThat(before.get("incidents_by_zone_day")).anyMatch(l -> l.startsWith("plaza " + GONE + " noise 4"));
            Instant archived = archivedAt(stack, GONE);
            forget(s, GONE);

            // Without the archive the day is simply missing: the comparison below can fail.
            WatcherConfig off = config.with("analytics.archive.enabled", "false", "test");
            new AnalyticsJob(spark, off, Clock.systemUTC()).run(RANGE, true);
            assertThat(figures(s).get("incidents_by_zone_day")).anyMatch(l -> l.startsWith("plaza " + GONE + " noise 0"));

            RunResult r = job.run(RANGE, true);
            assertThat(r.daysScanned()).contains(GONE);
            assertThat(r.readingsScanned()).isEqualTo(city.readings.stream().filter(x -> RANGE.days().contains(x.day())).count());
            assertThat(r.daysArchived()).as("a day only the archive holds is not archived again").doesNotContain(GONE);
            assertThat(archivedAt(stack, GONE)).isEqualTo(archived);
            assertThat(figures(s)).isEqualTo(before);
        }
    }

    /** Deletes a day from every table Cassandra keeps it in, as the TTL would (alerts included, which have none today). */
    static void forget(CqlSession s, LocalDate d) {
        for (SeedCity.Device dev : SeedCity.DEVICES) {
            if (dev.kind().equals("camera")) {
                s.execute("DELETE FROM " + ks + ".observations_by_camera_day WHERE camera_id = ? AND day = ?", dev.id(), d);
                s.execute("DELETE FROM " + ks + ".frames_by_camera_day WHERE camera_id = ? AND day = ?", dev.id(), d);
            } else {
                s.execute("DELETE FROM " + ks + ".readings_by_sensor_day WHERE sensor_id = ? AND day = ?", dev.id(), d);
            }
        }
        for (SeedCity.Alert a : city.alerts) {
            if (a.day().equals(d)) {
                s.execute("DELETE FROM " + ks + ".alerts_by_id WHERE alert_id = ?", a.id());
                s.execute("DELETE FROM " + ks + ".alerts_by_zone_day WHERE zone_id = ? AND day = ?", a.zone(), d);
            }
        }
        for (String t : List.of("alerts_by_day", "quarantine_by_day", "raw_day_changes")) {
            s.execute("DELETE FROM " + ks + "." + t + " WHERE day = ?", d);
        }
        assertThat(cassandraReadings(s, d)).isZero();
    }

    static long cassandraReadings(CqlSession s, LocalDate d) {
        long n = 0;
        for (SeedCity.Device dev : SeedCity.DEVICES) {
            if (!dev.kind().equals("camera")) {
                n += s.execute("SELECT count(*) FROM " + ks + ".readings_by_sensor_day WHERE sensor_id = ? AND day = ?", dev.id(), d).one().getLong(0);
            }
        }
        return n;
    }

    static Instant archivedAt(StackEndpoints stack, LocalDate d) {
        try (CqlSession s = stack.openSession()) {
            return s.execute("SELECT archived_at FROM " + ks + ".archive_days WHERE day = ?", d).one().getInstant(0);
        }
    }

    /** The range-wide results and the per-day ones of the range, each row as text, sorted. */
    static Map<String, List<String>> figures(CqlSession s) {
        Map<String, List<String>> out = new TreeMap<>();
        for (String t : FIGURES) {
            out.put(t, rows(s, "SELECT * FROM " + ks + "." + t));
        }
        for (String t : List.of("device_health", "quarantine_by_reason")) {
            List<String> rows = new ArrayList<>();
            for (LocalDate d : RANGE.days()) {
                rows.addAll(rows(s, "SELECT * FROM " + ks + "." + t + " WHERE day = '" + d + "'"));
            }
            out.put(t, rows);
        }
        List<String> stats = new ArrayList<>();
        for (SeedCity.Zone z : SeedCity.ZONES) {
            stats.addAll(rows(s, "SELECT * FROM " + ks + ".zone_hour_stats_by_day WHERE zone_id = '" + z.id() + "' AND day >= '" + RANGE.from()
                    + "' AND day <= '" + RANGE.to() + "'"));
        }
        out.put("zone_hour_stats_by_day", stats);
        return out;
    }

    static List<String> rows(CqlSession s, String cql) {
        List<String> out = new ArrayList<>();
        for (Row r : s.execute(cql)) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < r.getColumnDefinitions().size(); i++) {
                b.append(i == 0 ? "" : " ").append(r.getObject(i));
            }
            out.add(b.toString());
        }
        out.sort(null);
        return out;
    }
}
