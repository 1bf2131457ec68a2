package io.safetywatcher.cli;

import io.safetywatcher.store.registry.Device;
import io.safetywatcher.store.registry.RegistryTable;
import io.safetywatcher.store.registry.Zone;
import com.datastax.oss.driver.api.core.CqlSession;
import io.safetywatcher.stack.junit.StackEndpoints;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Known rows in every table the CLI reads, written with plain CQL as the jobs would write them:
 * two zones, a camera and two sensors, three alerts (one with lifecycle events and an evidence
 * frame), readings, frames, quarantine and analytics results. Ids are unique per seed so test
 * classes sharing one stack do not see each other's rows as their own.
 */
final class Seed {
    final String tag;
    final String zoneA;
    final String zoneB;
    final String camera;
    final String sound;
    final String gunshotSensor;
    final String gunshotAlert;
    final String noiseAlert;
    final String crowdAlert;
    final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    final byte[] jpeg = jpeg();

    Seed(String tag) {
        this.tag = tag;
        zoneA = tag + "-station";
        zoneB = tag + "-market";
        camera = tag + "-cam-1";
        sound = tag + "-snd-1";
        gunshotSensor = tag + "-gun-1";
        gunshotAlert = tag + "-alert-gunshot";
        noiseAlert = tag + "-alert-noise";
        crowdAlert = tag + "-alert-crowd";
    }

    Seed write(StackEndpoints stack) {
        try (CqlSession s = stack.openSession()) {
            return write(s, stack.keyspace());
        }
    }

    /** The same rows through a session of the caller's (a secure stack's admin, say). */
    Seed write(CqlSession s, String keyspace) {
        {
            String ks = keyspace + ".";
            RegistryTable registry = new RegistryTable(s, keyspace);
            registry.write(new Zone(zoneA, "Station " + tag, "transit", 2000.0, null, "Europe/Berlin", 3, 5000, null, null, null, now));
            registry.write(new Zone(zoneB, "Market " + tag, "market", 1200.0, "06:00-22:00", "Europe/Berlin", 2, 1500, null, null, null, now));
            registry.write(Device.camera(camera, zoneA, 160.0, null, null, null, null, now));
            registry.write(Device.sensor(sound, zoneA, "sound_level", null, "dB", now).at(52.52043, 13.40512));
            registry.write(Device.sensor(gunshotSensor, zoneB, "gunshot", null, "ratio", now));

            alert(s, ks, gunshotAlert, "gunshot", "suspicious_activity", "critical", "FIRING", zoneB, now.minusSeconds(600), null,
                    "gunshot detected by " + gunshotSensor, List.of("evidence:" + gunshotAlert + "/" + camera));
            alert(s, ks, noiseAlert, "noise", "suspicious_activity", "medium", "RESOLVED", zoneA, now.minusSeconds(1200), now.minusSeconds(900),
                    "sound level far above baseline, with a comma", List.of());
            alert(s, ks, crowdAlert, "crowd-density", "crowd_risk", "high", "FIRING", zoneA, now.minusSeconds(300), null,
                    "density 3.9 p/m2", List.of());
            var ev = s.prepare("INSERT INTO " + ks + "alert_events_by_alert (alert_id, event_ts, state, severity, score, summary, batch_id) VALUES (?,?,?,?,?,?,?)");
            s.execute(ev.bind(noiseAlert, now.minusSeconds(1200), "FIRING", "medium", 4.2, "noise fired", 7L));
            s.execute(ev.bind(noiseAlert, now.minusSeconds(900), "RESOLVED", "medium", 0.0, "noise resolved", 9L));
            s.execute(s.prepare("INSERT INTO " + ks + "evidence_frames (alert_id, camera_id, ts, jpeg, boxes) VALUES (?,?,?,?,?)")
                    .bind(gunshotAlert, camera, now.minusSeconds(600), ByteBuffer.wrap(jpeg), "[{\"x\":10,\"y\":10,\"w\":20,\"h\":40}]"));

            var reading = s.prepare("INSERT INTO " + ks + "readings_by_sensor_day (sensor_id, day, ts, seq, sensor_type, zone_id, value, unit) VALUES (?,?,?,?,?,?,?,?)");
            for (int i = 0; i < 5; i++) {
                Instant t = now.minusSeconds(60L * i + 1);
                s.execute(reading.bind(sound, day(t), t, (long) (100 - i), "sound_level", zoneA, 55.0 + i, "dB"));
            }
            var frame = s.prepare("INSERT INTO " + ks + "frames_by_camera_day (camera_id, day, ts, seq, zone_id, width, height, jpeg_bytes, people_count, motion_energy, blob_count, tracks) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
            for (int i = 0; i < 3; i++) {
                Instant t = now.minusSeconds(30L * i + 1);
                s.execute(frame.bind(camera, day(t), t, (long) (50 - i), zoneA, 640, 480, 31000 + i, 7 + i, 0.25, 5, "[]"));
            }
            s.execute(s.prepare("INSERT INTO " + ks + "quarantine_by_day (day, ts, src_topic, src_partition, src_offset, reason, detail, device_id, raw_size) VALUES (?,?,?,?,?,?,?,?,?)")
                    .bind(day(now), now.minusSeconds(5), "sw.readings", 0, 4242L, "out_of_range", "value 900 > 194 for " + sound, sound, 80));

            s.execute(s.prepare("INSERT INTO " + ks + "trends (zone_id, alert_type, slope_per_day, p_value, significant, from_day, to_day) VALUES (?,?,?,?,?,?,?)")
                    .bind(zoneA, "noise", 0.75, 0.01, true, day(now).minusDays(30), day(now)));
            s.execute(s.prepare("INSERT INTO " + ks + "trends (zone_id, alert_type, slope_per_day, p_value, significant, from_day, to_day) VALUES (?,?,?,?,?,?,?)")
                    .bind(zoneA, "gunshot", 0.0, 1.0, false, day(now).minusDays(30), day(now)));
            LocalDate periodEnd = LocalDate.of(2100, 1, 1).plusDays(Math.floorMod(tag.hashCode(), 1000)); // one period per seed
            var hot = s.prepare("INSERT INTO " + ks + "hotspots (period_end, rank, zone_id, alerts_per_1000m2_day, previous, change_pct) VALUES (?,?,?,?,?,?)");
            s.execute(hot.bind(periodEnd, 1, zoneB, 2.5, 1.0, 150.0));
            s.execute(hot.bind(periodEnd, 2, zoneA, 0.5, 0.5, 0.0));
            hotspotPeriod = periodEnd;
            var heat = s.prepare("INSERT INTO " + ks + "incident_heatmap (scope, dow, hour, count) VALUES (?,?,?,?)");
            for (Map.Entry<int[], Long> e : Map.of(new int[]{5, 22}, 9L, new int[]{6, 23}, 4L, new int[]{1, 8}, 1L).entrySet()) {
                s.execute(heat.bind(zoneA, e.getKey()[0], e.getKey()[1], e.getValue()));
            }
        }
        return this;
    }

    LocalDate hotspotPeriod;

    private static void alert(CqlSession s, String ks, String id, String type, String category, String severity, String state, String zone,
                              Instant started, Instant ended, String summary, List<String> evidence) {
        s.execute(s.prepare("INSERT INTO " + ks + "alerts_by_id (alert_id, fingerprint, type, category, severity, state, zone_id, devices, started_at, updated_at, ended_at, score, summary, evidence, rule_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
                .bind(id, "fp-" + id, type, category, severity, state, zone, List.of("dev-1"), started, started, ended, 0.9, summary, evidence, "test-1"));
        for (String table : List.of("alerts_by_day", "alerts_by_zone_day")) {
            boolean byZone = table.equals("alerts_by_zone_day");
            s.execute(s.prepare("INSERT INTO " + ks + table + " (" + (byZone ? "zone_id, " : "") + "day, started_at, alert_id, type, category, severity, state, "
                    + (byZone ? "" : "zone_id, ") + "summary, score, ended_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)")
                    .bind(byZone ? zone : day(started), byZone ? day(started) : started, byZone ? started : id, byZone ? id : type,
                            byZone ? type : category, byZone ? category : severity, byZone ? severity : state, byZone ? state : zone,
                            summary, 0.9, ended));
        }
    }

    static LocalDate day(Instant t) { return t.atZone(ZoneOffset.UTC).toLocalDate(); }

    private static byte[] jpeg() {
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.GREEN);
        g.drawRect(10, 10, 20, 30);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
