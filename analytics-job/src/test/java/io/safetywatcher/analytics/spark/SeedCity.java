package io.safetywatcher.analytics.spark;

import io.safetywatcher.store.registry.RegistryTable;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * A small city written straight into the real Cassandra with the driver, the way the alert
 * job's ingest would have stored it, and kept in memory as plain records so the test can work
 * out every figure on its own.
 */
final class SeedCity {
    record Zone(String id, Double area, String tz) {
        ZoneId zoneId() { return tz == null ? ZoneOffset.UTC : ZoneId.of(tz); }
    }
    record Device(String id, String zone, String kind, String sensorType, Integer samplingMs) {}
    record Reading(String sensor, String zone, String type, Instant ts, long seq, double value) {
        LocalDate day() { return LocalDate.ofInstant(ts, ZoneOffset.UTC); }
    }
    record CameraInput(String camera, String zone, Instant ts, long seq, List<String> labels, boolean frame) {
        LocalDate day() { return LocalDate.ofInstant(ts, ZoneOffset.UTC); }
    }
    record Quarantined(Instant ts, long offset, String device, String reason) {
        LocalDate day() { return LocalDate.ofInstant(ts, ZoneOffset.UTC); }
    }
    record Alert(String id, String type, String zone, Instant startedAt, Boolean acknowledged, Instant ackAt, Boolean falseAlarm) {
        LocalDate day() { return LocalDate.ofInstant(startedAt, ZoneOffset.UTC); }
    }

    static final List<Zone> ZONES = List.of(
            new Zone("plaza", 2000.0, "Europe/Berlin"),
            new Zone("station", 5000.0, null),
            new Zone("park", 10000.0, "America/New_York"));   // no input at all
    static final List<Device> DEVICES = List.of(
            new Device("plaza-sound-1", "plaza", "sensor", "sound_level", 1000),
            new Device("plaza-density-1", "plaza", "sensor", "crowd_density", 1000),
            new Device("plaza-gun-1", "plaza", "sensor", "gunshot", 1000),
            new Device("station-sound-1", "station", "sensor", "sound_level", 1000),
            new Device("station-density-1", "station", "sensor", "crowd_density", 1000),
            new Device("plaza-cam-1", "plaza", "camera", null, null),
            new Device("park-sound-1", "park", "sensor", "sound_level", 1000));

    final List<Reading> readings = new ArrayList<>();
    final List<CameraInput> cameraInput = new ArrayList<>();
    final List<Quarantined> quarantined = new ArrayList<>();
    final List<Alert> alerts = new ArrayList<>();
    private final Random random = new Random(42);
    private long seq;
    private long offset;

    /** Readings every {@code step} through a day, for the sensors with data, and camera input. */
    void normalDay(LocalDate day, Duration step, Instant until) {
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        for (Instant t = start.plusSeconds(random.nextInt(60)); t.isBefore(start.plus(Duration.ofDays(1))) && t.isBefore(until); t = t.plus(step)) {
            reading("plaza-sound-1", t, 50 + random.nextInt(30_000) / 1000.0);
            reading("station-sound-1", t, 55 + random.nextInt(25_000) / 1000.0);
            reading("plaza-density-1", t, random.nextInt(7_000) / 1000.0);
            reading("station-density-1", t, random.nextInt(4_000) / 1000.0);
            reading("plaza-gun-1", t, 0);
            if (random.nextInt(4) == 0) {
                cameraInput.add(new CameraInput("plaza-cam-1", "plaza", t, ++seq, List.of("walking", "standing"), false));
                cameraInput.add(new CameraInput("plaza-cam-1", "plaza", t.plusMillis(500), ++seq, List.of(), true));
            }
        }
    }

    void reading(String sensor, Instant t, double value) {
        Device d = DEVICES.stream().filter(x -> x.id().equals(sensor)).findFirst().orElseThrow();
        readings.add(new Reading(sensor, d.zone(), d.sensorType(), t, ++seq, value));
    }

    void quarantine(Instant t, String device, String reason) {
        quarantined.add(new Quarantined(t, ++offset, device, reason));
    }

    /** {@code n} alerts of a type in a zone on a day, at random times, some acknowledged, some false alarms. */
    void alerts(String zone, String type, LocalDate day, int n) {
        for (int i = 0; i < n; i++) {
            Instant started = day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(random.nextInt(86_400));
            boolean ack = random.nextInt(3) > 0;
            Instant ackAt = ack ? started.plusSeconds(30 + random.nextInt(900)) : null;
            Boolean falseAlarm = ack ? random.nextInt(4) == 0 : null;
            alerts.add(new Alert(type + "-" + zone + "-" + day + "-" + i, type, zone, started, ack ? true : null, ackAt, falseAlarm));
        }
    }

    /** The zones as registry rows. */
    static List<io.safetywatcher.store.registry.Zone> registryZones() {
        return ZONES.stream().map(z -> new io.safetywatcher.store.registry.Zone(z.id(), z.id(), "square", z.area(), null, z.tz(), null, null,
                null, null, null, null)).toList();
    }

    static void registry(CqlSession s, String ks) {
        RegistryTable registry = new RegistryTable(s, ks);
        registryZones().forEach(registry::write);
        registry.writeAll(DEVICES.stream().map(d -> new io.safetywatcher.store.registry.Device(d.id(), d.zone(), d.kind(), d.sensorType(),
                null, null, null, null, d.samplingMs(), null, null, null, null, null, null)).toList());
    }

    /** The registry and everything seeded, stored an hour ago: a first run has never computed these days, later ones see no change. */
    void storeAll(CqlSession s, String ks) {
        registry(s, ks);
        write(s, ks, Instant.now().minus(Duration.ofHours(1)), 0, 0, 0, 0);
    }

    /** A local Spark session with the job's configuration, small for a test. */
    static org.apache.spark.sql.SparkSession localSpark(io.safetywatcher.common.config.WatcherConfig config, int shufflePartitions) {
        return org.apache.spark.sql.SparkSession.builder().config(AnalyticsJob.sparkConf(config).setMaster("local[2]")
                .set("spark.sql.shuffle.partitions", Integer.toString(shufflePartitions))).getOrCreate();
    }

    /** Writes what was added since the last call, and marks the days it touched as changed at {@code changedAt}. */
    void write(CqlSession s, String ks, Instant changedAt, int fromReading, int fromCamera, int fromQuarantine, int fromAlert) {
        PreparedStatement r = s.prepare("INSERT INTO " + ks + ".readings_by_sensor_day (sensor_id, day, ts, seq, sensor_type, zone_id, value, unit,"
                + " src_topic, src_partition, src_offset, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'x', 'sw.readings', 0, ?, ?)");
        PreparedStatement o = s.prepare("INSERT INTO " + ks + ".observations_by_camera_day (camera_id, day, ts, seq, label, confidence, zone_id)"
                + " VALUES (?, ?, ?, ?, ?, 0.9, ?)");
        PreparedStatement f = s.prepare("INSERT INTO " + ks + ".frames_by_camera_day (camera_id, day, ts, seq, zone_id, width, height, jpeg_bytes)"
                + " VALUES (?, ?, ?, ?, ?, 640, 480, 30000)");
        PreparedStatement q = s.prepare("INSERT INTO " + ks + ".quarantine_by_day (day, ts, src_topic, src_partition, src_offset, reason, detail,"
                + " device_id, raw, raw_size) VALUES (?, ?, 'sw.readings', 0, ?, ?, 'seeded', ?, ?, 3)");
        PreparedStatement aDay = s.prepare("INSERT INTO " + ks + ".alerts_by_day (day, started_at, alert_id, type, zone_id, state) VALUES (?, ?, ?, ?, ?, 'RESOLVED')");
        PreparedStatement aZone = s.prepare("INSERT INTO " + ks + ".alerts_by_zone_day (zone_id, day, started_at, alert_id, type, state) VALUES (?, ?, ?, ?, ?, 'RESOLVED')");
        PreparedStatement aId = s.prepare("INSERT INTO " + ks + ".alerts_by_id (alert_id, type, zone_id, started_at, state, acknowledged, ack_at, false_alarm)"
                + " VALUES (?, ?, ?, ?, 'RESOLVED', ?, ?, ?)");
        PreparedStatement act = s.prepare("INSERT INTO " + ks + ".alert_actions (alert_id, action_id, kind, actor, acted_at, false_alarm)"
                + " VALUES (?, now(), ?, 'seed', ?, ?)");
        PreparedStatement change = s.prepare("INSERT INTO " + ks + ".raw_day_changes (day, source_table, last_change) VALUES (?, ?, ?)");
        List<CompletableFuture<?>> pending = new ArrayList<>();
        java.util.Set<String> changed = new java.util.TreeSet<>();
        for (Reading x : readings.subList(fromReading, readings.size())) {
            pending.add(s.executeAsync(r.bind(x.sensor(), x.day(), x.ts(), x.seq(), x.type(), x.zone(), x.value(), x.seq(), changedAt)).toCompletableFuture());
            changed.add(x.day() + " readings_by_sensor_day");
            drain(pending);
        }
        for (CameraInput c : cameraInput.subList(fromCamera, cameraInput.size())) {
            if (c.frame()) {
                pending.add(s.executeAsync(f.bind(c.camera(), c.day(), c.ts(), c.seq(), c.zone())).toCompletableFuture());
                changed.add(c.day() + " frames_by_camera_day");
            } else {
                for (String label : c.labels()) {
                    pending.add(s.executeAsync(o.bind(c.camera(), c.day(), c.ts(), c.seq(), label, c.zone())).toCompletableFuture());
                }
                changed.add(c.day() + " observations_by_camera_day");
            }
        }
        for (Quarantined x : quarantined.subList(fromQuarantine, quarantined.size())) {
            pending.add(s.executeAsync(q.bind(x.day(), x.ts(), x.offset(), x.reason(), x.device(), ByteBuffer.wrap(new byte[] {1, 2, 3}))).toCompletableFuture());
            changed.add(x.day() + " quarantine_by_day");
        }
        for (Alert a : alerts.subList(fromAlert, alerts.size())) {
            pending.add(s.executeAsync(aDay.bind(a.day(), a.startedAt(), a.id(), a.type(), a.zone())).toCompletableFuture());
            pending.add(s.executeAsync(aZone.bind(a.zone(), a.day(), a.startedAt(), a.id(), a.type())).toCompletableFuture());
            // Half the handled alerts as the CLI records them since 008 (actions), half as stored before (alerts_by_id).
            boolean asActions = a.ackAt() != null && (a.id().hashCode() & 1) == 0;
            pending.add(s.executeAsync(aId.bind(a.id(), a.type(), a.zone(), a.startedAt(), asActions ? null : a.acknowledged(),
                    asActions ? null : a.ackAt(), asActions ? null : a.falseAlarm())).toCompletableFuture());
            if (asActions) {
                pending.add(s.executeAsync(act.bind(a.id(), "ack", a.ackAt(), null)).toCompletableFuture());
                pending.add(s.executeAsync(act.bind(a.id(), "resolve", a.ackAt().plusSeconds(60), !a.falseAlarm())).toCompletableFuture());
                pending.add(s.executeAsync(act.bind(a.id(), "resolve", a.ackAt().plusSeconds(120), a.falseAlarm())).toCompletableFuture());
            }
        }
        for (String dt : changed) {
            String[] p = dt.split(" ");
            pending.add(s.executeAsync(change.bind(LocalDate.parse(p[0]), p[1], changedAt)).toCompletableFuture());
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    }

    private static void drain(List<CompletableFuture<?>> pending) {
        if (pending.size() >= 256) {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
            pending.clear();
        }
    }

    static Map<String, Device> devices() {
        Map<String, Device> m = new java.util.LinkedHashMap<>();
        DEVICES.forEach(d -> m.put(d.id(), d));
        return m;
    }
}
