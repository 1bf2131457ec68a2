package io.safetywatcher.store.registry;

import io.safetywatcher.common.config.WatcherConfig;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry's row mapping, without a server: what is written reads back as the same record. */
class RegistryRowsTest {
    private static final Instant T = Instant.parse("2025-03-01T10:00:00Z");

    /** Values by column name, read back as a driver row would give them (absent = null). */
    private static RegistryTable.Columns columns(Map<String, Object> m) {
        return new RegistryTable.Columns() {
            public String text(String c) { return (String) m.get(c); }

            public Double decimal(String c) { return (Double) m.get(c); }

            public Integer integer(String c) { return (Integer) m.get(c); }

            public Instant instant(String c) { return (Instant) m.get(c); }
        };
    }

    private static Zone roundTrip(Zone z) {
        return RegistryTable.zone(columns(RegistryTable.byColumn(RegistryTable.ZONE_COLUMNS, RegistryTable.values(z))));
    }

    private static Device roundTrip(Device d) {
        return RegistryTable.device(columns(RegistryTable.byColumn(RegistryTable.DEVICE_COLUMNS, RegistryTable.values(d))));
    }

    @Test
    void everyZoneColumnRoundTripsIncludingTheMapCoordinates() {
        Zone full = new Zone("old-market", "Old Market square", "market", 2500.0, "07:00-22:00", "Europe/London", 3, 3000,
                51.5098, -0.1180, "51.51,-0.12 51.51,-0.117 51.509,-0.117 51.51,-0.12", T);
        assertThat(roundTrip(full)).isEqualTo(full);
        Zone bare = Zone.unregistered("z-1");
        assertThat(roundTrip(bare)).isEqualTo(bare);
        assertThat(RegistryTable.values(full)).hasSize(RegistryTable.ZONE_COLUMNS.size());
    }

    @Test
    void aCameraKeepsItsMountingAndASensorHasNone() {
        Device cam = Device.camera("cam-1", "plaza", 160.0, 640, 480, 2.0, new Device.Mounting(6.5, 0.2), T);
        Device sensor = Device.sensor("snd-1", "plaza", "sound_level", 10_000, "dB", T);
        assertThat(roundTrip(cam)).isEqualTo(cam);
        assertThat(roundTrip(sensor)).isEqualTo(sensor);
        assertThat(roundTrip(sensor).mounting()).isNull();
        assertThat(RegistryTable.byColumn(RegistryTable.DEVICE_COLUMNS, RegistryTable.values(cam)))
                .containsEntry("mount_height_m", 6.5).containsEntry("horizon_share", 0.2).containsEntry("device_kind", "camera");
    }

    @Test
    void aDevicesPlanPositionRoundTripsAndAnUnplacedOneHasNone() {
        Device placed = Device.sensor("snd-1", "plaza", "sound_level", 10_000, "dB", T).at(51.5101, -0.1183);
        assertThat(roundTrip(placed)).isEqualTo(placed);
        assertThat(RegistryTable.byColumn(RegistryTable.DEVICE_COLUMNS, RegistryTable.values(placed)))
                .containsEntry("latitude", 51.5101).containsEntry("longitude", -0.1183);
        Device unplaced = Device.camera("cam-1", "plaza", 160.0, 640, 480, 2.0, null, T);
        assertThat(roundTrip(unplaced).latitude()).isNull();
        assertThat(roundTrip(unplaced).longitude()).isNull();
        assertThat(RegistryTable.values(placed)).hasSize(RegistryTable.DEVICE_COLUMNS.size());
    }

    @Test
    void aCamerasStreamRoundTripsAndOneWithoutHasNone() {
        Device.Stream stream = Device.Stream.of("rtsp://10.0.0.7:554/cam", "rtsp", 2.0, "env:CAM_7_LOGIN");
        Device cam = Device.camera("cam-7", "plaza", 160.0, 640, 480, 2.0, null, T).streaming(stream);
        assertThat(roundTrip(cam)).isEqualTo(cam);
        assertThat(RegistryTable.byColumn(RegistryTable.DEVICE_COLUMNS, RegistryTable.values(cam)))
                .containsEntry("stream_url", "rtsp://10.0.0.7:554/cam").containsEntry("stream_kind", "rtsp")
                .containsEntry("stream_max_fps", 2.0).containsEntry("stream_credentials", "env:CAM_7_LOGIN");
        assertThat(roundTrip(Device.camera("cam-8", "plaza", 160.0, 640, 480, 2.0, null, T)).stream()).isNull();
    }

    @Test
    void anUnusableStreamWrittenByHandStillReadsAndSaysWhy() {
        Map<String, Object> row = new HashMap<>(RegistryTable.byColumn(RegistryTable.DEVICE_COLUMNS,
                RegistryTable.values(Device.camera("cam-9", "plaza", 100.0, 640, 480, 2.0, null, T))));
        row.put("stream_url", "http://cam9.local/video");
        row.put("stream_kind", "hls");
        Device d = RegistryTable.device(columns(row));
        assertThat(d.stream().problem()).contains("stream kind").contains("hls");
    }

    @Test
    void aStreamIsRefusedNamingTheFieldAtFault() {
        assertThatThrownBy(() -> Device.Stream.of("http://cam/x", "hls", null, null)).hasMessageContaining("stream kind");
        assertThatThrownBy(() -> Device.Stream.of("rtsp://cam/x", "mjpeg", null, null)).hasMessageContaining("stream url")
                .hasMessageContaining("http or https");
        assertThatThrownBy(() -> Device.Stream.of("http://admin:hunter2@cam/x", "snapshot", null, null))
                .hasMessageContaining("must not carry a user or password").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> Device.Stream.of("http://cam/x", "mjpeg", 0.0, null)).hasMessageContaining("max fps");
        assertThatThrownBy(() -> Device.Stream.of("http://cam/x", "mjpeg", 31.0, null)).hasMessageContaining("max fps");
        assertThatThrownBy(() -> Device.Stream.of("http://cam/x", "mjpeg", 2.0, "hunter2")).hasMessageContaining("env:NAME or file:PATH")
                .hasMessageNotContaining("hunter2");
        assertThat(Device.Stream.of("https://cam/x", "mjpeg", 2.0, "file:/etc/watcher/cam.login").describe())
                .isEqualTo("mjpeg https://cam/x, at most 2 fps, credentials file:/etc/watcher/cam.login");
        assertThat(new Device.Stream("rtsp://u:p@cam/x", "rtsp", null, null).redacted()).isEqualTo("rtsp://***@cam/x");
    }

    @Test
    void halfAMountingIsNoMountingSoTheCameraUsesTheDefaults() {
        Map<String, Object> row = new HashMap<>(RegistryTable.byColumn(RegistryTable.DEVICE_COLUMNS,
                RegistryTable.values(Device.camera("cam-2", "plaza", 100.0, 640, 480, 2.0, new Device.Mounting(5, 0.3), T))));
        row.put("horizon_share", null);
        Device d = RegistryTable.device(columns(row));
        assertThat(d.mounting()).isNull();
        Device.Mounting defaults = Device.Mounting.defaults(WatcherConfig.defaults());
        assertThat(d.mountingOr(defaults)).isEqualTo(new Device.Mounting(5, 0.28));
        assertThat(defaults.describe()).isEqualTo("horizon-share 0.28, mount-height 5 m");
    }

    @Test
    void aMountingOutsideWhatAPersonCanBePlacedByIsRefused() {
        assertThatThrownBy(() -> new Device.Mounting(0, 0.28)).hasMessageContaining("mount height must be > 0 m");
        assertThatThrownBy(() -> new Device.Mounting(5, 1.5)).hasMessageContaining("horizon share");
        assertThat(new Device.Mounting(12, -0.4).horizonShare()).isEqualTo(-0.4);
    }

    @Test
    void aZoneWithoutAValidTimeZoneCountsInUtc() {
        assertThat(new Zone("a", null, null, null, null, "Europe/Berlin", null, null, null, null, null, null).timeZoneOrUtc().getId())
                .isEqualTo("Europe/Berlin");
        assertThat(Zone.unregistered("b").timeZoneOrUtc()).isEqualTo(ZoneOffset.UTC);
        assertThat(new Zone("c", null, null, null, null, "Mars/Olympus", null, null, null, null, null, null).timeZoneOrUtc())
                .isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void theSnapshotIsInIdOrderAndLooksUpByKind() {
        Registry r = Registry.of(List.of(Zone.unregistered("b"), Zone.unregistered("a")),
                List.of(Device.sensor("s-2", "a", "gunshot", null, null, T), Device.camera("c-1", "b", null, null, null, null, null, T),
                        Device.sensor("s-1", "a", "sound_level", null, null, T)), 7);
        assertThat(r.zoneIds()).containsExactly("a", "b");
        assertThat(r.deviceIds(Device.SENSOR)).containsExactly("s-1", "s-2");
        assertThat(r.deviceIds(null)).containsExactly("c-1", "s-1", "s-2");
        assertThat(r.device("c-1")).hasValueSatisfying(d -> assertThat(d.camera()).isTrue());
        assertThat(r.zone("zz")).isEmpty();
    }

    @Test
    void everyStatementIsQualifiedWithTheKeyspace() {
        List<String> statements = RegistryTable.statementsFor("ks_x");
        assertThat(statements).hasSize(RegistryTable.Cql.values().length)
                .allSatisfy(s -> assertThat(s).containsPattern("ks_x\\.(zones|devices|devices_by_zone)\\b").doesNotContain("%s"));
        assertThat(statements).anySatisfy(s -> assertThat(s).startsWith("INSERT INTO ks_x.devices (").contains("mount_height_m, horizon_share"));
    }
}
