package io.safetywatcher.analytics.bench;

import io.safetywatcher.store.registry.Zone;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safetywatcher.analytics.spark.AnalyticsJob;
import io.safetywatcher.analytics.spark.RawScan;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.common.config.WatcherConfig;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import io.safetywatcher.shell.ConfigOptions;
import io.safetywatcher.shell.FormatOption;
import io.safetywatcher.shell.Program;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * {@code ./watcher bench analytics}: the analytics job's scan-and-aggregate step (the Spark
 * direct join over readings_by_sensor_day, grouped by sensor, hour and density bin, exactly as
 * a run does it) over {@code --readings} stored readings, next to a bare java-driver full
 * scan of the same table that does the same grouping in a HashMap, in the same JVM and run;
 * then this JVM's peak resident memory (Spark's driver and executors live in it).
 *
 * <p>The readings belong to sensors {@code bench-a-0..} that are not in the registry, so the
 * real analytics never sees them; keys are deterministic, so a second run with the same
 * figures overwrites instead of adding ({@code --no-load} reuses them). They expire with the
 * table's TTL. The bare scan reads the whole table: on a stack that holds other readings too
 * it reads those as well, and says how many rows it read.
 */
@Command(name = "bench analytics", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures the analytics job's scan+aggregate rate over N stored readings against a bare java-driver full scan, and peak RSS.")
public final class AnalyticsBench implements Callable<Integer> {
    static final LocalDate FIRST_DAY = LocalDate.parse("2026-01-01");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--readings", description = "Readings to store and scan (default: ${DEFAULT-VALUE}).")
    long readings = 1_000_000;

    @Option(names = "--sensors", description = "Sensors the readings are spread over, 100,000 per sensor-day at most (default: ${DEFAULT-VALUE}).")
    int sensors = 100;

    @Option(names = "--no-load", description = "Scan what an earlier run with the same --readings/--sensors stored.")
    boolean noLoad;

    @Option(names = "--in-flight", description = "Concurrent inserts while loading (default: ${DEFAULT-VALUE}).")
    int inFlight = 256;

    @CommandLine.Mixin
    FormatOption format;

    @CommandLine.Mixin
    ConfigOptions config;

    public static void main(String[] args) {
        Program.exit(new AnalyticsBench(), args);
    }

    /** Readings per sensor and day; a day holds one reading per sensor every 0.864 s at most. */
    int perSensorDay() { return 100_000; }

    @Override
    public Integer call() throws Exception {
        if (readings < 1 || sensors < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--readings and --sensors must be at least 1");
        }
        WatcherConfig config = this.config.load();
        String ks = config.get("cassandra.keyspace");
        long perSensor = (readings + sensors - 1) / sensors;
        int days = (int) ((perSensor + perSensorDay() - 1) / perSensorDay());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < sensors; i++) {
            ids.add("bench-a-" + i);
        }
        List<LocalDate> dayList = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            dayList.add(FIRST_DAY.plusDays(d));
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("readings", readings);
        figures.put("sensors", sensors);
        figures.put("days", days);
        try (CqlSession session = open(config)) {
            if (!noLoad) {
                long t0 = System.nanoTime();
                load(session, ks, ids, days);
                double s = (System.nanoTime() - t0) / 1e9;
                System.err.printf("loaded %,d readings in %.1f s (%,.0f rows/s)%n", readings, s, readings / s);
                figures.put("load_rows_per_s", Math.round(readings / s));
            }
            SparkSession spark = SparkSession.builder().config(AnalyticsJob.sparkConf(config)).getOrCreate();
            try {
                RawScan scan = new RawScan(spark, ks);
                List<Zone> zones = List.of(new Zone("bench-analytics", null, null, 1000.0, null, "UTC", null, null, null, null, null, null));
                double[] job = new double[2];
                long scanned = 0;
                for (int run = 0; run < 2; run++) {   // the first one pays for code generation and connections
                    long t0 = System.nanoTime();
                    List<Row> groups = scan.readingGroups(ids, dayList, zones).collectAsList();
                    job[run] = (System.nanoTime() - t0) / 1e9;
                    scanned = groups.stream().mapToLong(r -> r.<Long>getAs("n")).sum();
                    System.err.printf("job scan+aggregate run %d: %,d readings in %.2f s%n", run + 1, scanned, job[run]);
                }
                long t0 = System.nanoTime();
                long bareRows = bareScan(session, ks);
                double bare = (System.nanoTime() - t0) / 1e9;
                System.err.printf("bare driver full scan: %,d rows in %.2f s%n", bareRows, bare);
                figures.put("job_rows_scanned", scanned);
                figures.put("job_seconds_first", round(job[0]));
                figures.put("job_seconds", round(job[1]));
                figures.put("job_rows_per_s", Math.round(scanned / job[1]));
                figures.put("bare_rows_scanned", bareRows);
                figures.put("bare_seconds", round(bare));
                figures.put("bare_rows_per_s", Math.round(bareRows / bare));
                figures.put("job_over_bare", round((scanned / job[1]) / (bareRows / bare)));
                figures.put("peak_rss_mb", peakRssKb() / 1024);
            } finally {
                spark.stop();
            }
        }
        print(figures);
        return 0;
    }

    private static double round(double v) { return Math.round(v * 100) / 100.0; }

    private void print(Map<String, Object> f) {
        if (format.json()) {
            ObjectNode o = Json.object();
            f.forEach((k, v) -> o.putPOJO(k, v));
            System.out.println(o);
            return;
        }
        System.out.printf("analytics bench: %,d readings over %d sensors and %d days%n", (Long) f.get("readings"), (Integer) f.get("sensors"), (Integer) f.get("days"));
        System.out.printf("  job scan+aggregate (Spark direct join, grouped)   %,12d rows/s  (%.2f s; first run %.2f s)%n",
                (Long) f.get("job_rows_per_s"), (Double) f.get("job_seconds"), (Double) f.get("job_seconds_first"));
        System.out.printf("  bare java-driver full scan, same grouping          %,12d rows/s  (%,d rows in %.2f s)%n",
                (Long) f.get("bare_rows_per_s"), (Long) f.get("bare_rows_scanned"), (Double) f.get("bare_seconds"));
        System.out.printf("  job / bare                                        %12.2f  (target >= 0.5)%n", (Double) f.get("job_over_bare"));
        System.out.printf("  peak RSS of this JVM (Spark driver + executors)   %,12d MB%n", (Long) f.get("peak_rss_mb"));
    }

    static CqlSession open(WatcherConfig config) {
        return CqlSession.builder()
                .addContactPoint(new InetSocketAddress(config.get("cassandra.host"), config.getPort("cassandra.port")))
                .withLocalDatacenter(config.get("cassandra.datacenter"))
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(60))
                        .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false)
                        .build())
                .build();
    }

    /** Sound-level and crowd-density readings (one sensor in ten), deterministic keys. */
    private void load(CqlSession s, String ks, List<String> ids, int days) {
        PreparedStatement p = s.prepare(io.safetywatcher.store.raw.RawTables.READING_ROW.insert().in(ks));
        Semaphore permits = new Semaphore(inFlight);
        List<CompletableFuture<?>> failures = new ArrayList<>();
        Instant now = Instant.now();
        long written = 0;
        long step = 86_400_000L / perSensorDay();
        outer:
        for (int d = 0; d < days; d++) {
            LocalDate day = FIRST_DAY.plusDays(d);
            Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
            for (int k = 0; k < perSensorDay(); k++) {
                for (int i = 0; i < ids.size(); i++) {
                    if (written >= readings) {
                        break outer;
                    }
                    boolean density = i % 10 == 9;
                    double value = density ? (k * 7919L % 6000) / 1000.0 : 45 + (k * 104729L + i) % 40_000 / 1000.0;
                    permits.acquireUninterruptibly();
                    CompletableFuture<?> f = s.executeAsync(p.bind(ids.get(i), day, start.plusMillis(k * step), (long) k,
                            density ? "crowd_density" : "sound_level", "bench-analytics", value, density ? "p/m2" : "dB", "bench", 0,
                            written, now)).toCompletableFuture();
                    f.whenComplete((r, e) -> {
                        permits.release();
                        if (e != null) {
                            synchronized (failures) {
                                failures.add(f);
                            }
                        }
                    });
                    written++;
                    if (written % 500_000 == 0) {
                        System.err.printf("  loaded %,d of %,d%n", written, readings);
                    }
                }
            }
        }
        permits.acquireUninterruptibly(inFlight);
        if (!failures.isEmpty()) {
            failures.get(0).join();
        }
    }

    /** Every row of the table through the driver's paging, grouped like the job (sensor, hour; bin for density). */
    private static long bareScan(CqlSession s, String ks) {
        Map<String, double[]> groups = new HashMap<>();
        long rows = 0;
        ResultSet rs = s.execute(SimpleStatement.newInstance(io.safetywatcher.store.raw.RawTables.SCAN_READINGS.in(ks)).setPageSize(5000));
        for (com.datastax.oss.driver.api.core.cql.Row r : rs) {
            Instant ts = r.getInstant(2);
            double v = r.getDouble(3);
            String type = r.getString(4);
            int hour = ts.atOffset(ZoneOffset.UTC).getHour();
            String key = r.getString(0) + '|' + r.getLocalDate(1) + '|' + hour
                    + ("crowd_density".equals(type) ? "|" + (int) Math.floor(v / 0.05 + 1e-9) : "");
            double[] g = groups.computeIfAbsent(key, k -> new double[3]);
            g[0]++;
            g[1] += v;
            g[2] += v * v;
            rows++;
        }
        return rows;
    }

    /** VmHWM: this process's peak resident memory in kB (Linux); -1 elsewhere. */
    static long peakRssKb() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(-1);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
