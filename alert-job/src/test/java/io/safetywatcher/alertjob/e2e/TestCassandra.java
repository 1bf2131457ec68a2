package io.safetywatcher.alertjob.e2e;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.safetywatcher.common.event.SensorType;
import io.safetywatcher.store.registry.Device;
import io.safetywatcher.store.registry.RegistryTable;
import io.safetywatcher.store.registry.Zone;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Seeding the registry and reading back what the job wrote. */
final class TestCassandra {
    private TestCassandra() {}

    static void zone(CqlSession s, String ks, String zoneId, String kind, int importance) {
        new RegistryTable(s, ks).write(new Zone(zoneId, zoneId, kind, 2000.0, null, null, importance, null, null, null, null, null));
    }

    static void sensor(CqlSession s, String ks, String deviceId, String zoneId, SensorType type) {
        new RegistryTable(s, ks).write(Device.sensor(deviceId, zoneId, type.id(), null, type.unit(), null));
    }

    static void camera(CqlSession s, String ks, String deviceId, String zoneId, double viewAreaM2, int width, int height) {
        new RegistryTable(s, ks).write(Device.camera(deviceId, zoneId, viewAreaM2, width, height, 5.0, null, null));
    }

    /** The UTC days from {@code from} to {@code to}, both included (a run across midnight touches two). */
    static List<LocalDate> days(Instant from, Instant to) {
        List<LocalDate> out = new ArrayList<>();
        for (LocalDate d = LocalDate.ofInstant(from, ZoneOffset.UTC); !d.isAfter(LocalDate.ofInstant(to, ZoneOffset.UTC)); d = d.plusDays(1)) {
            out.add(d);
        }
        return out;
    }

    /** A raw reading's primary key, as text: sensor|capture time|seq. */
    static String readingKey(String sensor, Instant ts, long seq) {
        return sensor + "|" + ts.toEpochMilli() + "|" + seq;
    }

    /** The rows of readings_by_sensor_day for these sensors and days, as keys; the list keeps every row returned. */
    static List<String> readingRows(CqlSession s, String ks, Collection<String> sensors, List<LocalDate> days) {
        List<String> keys = new ArrayList<>();
        for (String sensor : sensors) {
            for (Row r : s.execute("SELECT ts, seq FROM " + ks + ".readings_by_sensor_day WHERE sensor_id = ? AND day IN ?", sensor, days)) {
                keys.add(readingKey(sensor, r.getInstant("ts"), r.getLong("seq")));
            }
        }
        return keys;
    }

    static Set<String> duplicates(List<String> keys) {
        Set<String> seen = new HashSet<>();
        Set<String> dup = new HashSet<>();
        for (String k : keys) {
            if (!seen.add(k)) {
                dup.add(k);
            }
        }
        return dup;
    }

    /** One row of quarantine_by_day. */
    record Quarantined(String topic, int partition, long offset, String reason, String detail, String deviceId, byte[] raw, int rawSize) {
        String coordinates() { return topic + "/" + partition + "/" + offset; }
    }

    /** quarantine_by_day rows (of the days around now) whose source topic starts with {@code topicPrefix}. */
    static List<Quarantined> quarantined(CqlSession s, String ks, String topicPrefix) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<Quarantined> out = new ArrayList<>();
        for (Row r : s.execute("SELECT src_topic, src_partition, src_offset, reason, detail, device_id, raw, raw_size FROM " + ks
                + ".quarantine_by_day WHERE day IN ?", List.of(today.minusDays(1), today, today.plusDays(1)))) {
            if (r.getString("src_topic").startsWith(topicPrefix)) {
                java.nio.ByteBuffer b = r.getByteBuffer("raw");
                byte[] raw = new byte[b == null ? 0 : b.remaining()];
                if (b != null) {
                    b.duplicate().get(raw);
                }
                out.add(new Quarantined(r.getString("src_topic"), r.getInt("src_partition"), r.getLong("src_offset"), r.getString("reason"),
                        r.getString("detail"), r.getString("device_id"), raw, r.getInt("raw_size")));
            }
        }
        return out;
    }

    /** alerts_by_id rows of one zone: "type state" per alert id. */
    static List<Row> alertsOfZone(CqlSession s, String ks, String zoneId) {
        List<Row> out = new ArrayList<>();
        for (Row r : s.execute("SELECT alert_id, type, state, severity, zone_id, started_at, updated_at, ended_at FROM " + ks + ".alerts_by_id")) {
            if (zoneId.equals(r.getString("zone_id"))) {
                out.add(r);
            }
        }
        return out;
    }
}
