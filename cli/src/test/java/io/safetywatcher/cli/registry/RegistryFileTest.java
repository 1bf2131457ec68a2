package io.safetywatcher.cli.registry;

import io.safetywatcher.shell.file.FileProblem;
import io.safetywatcher.store.registry.Device;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryFileTest {
    static final Instant T = Instant.parse("2026-12-04T20:00:00Z");
    static final String CITY = """
            zones:
              - id: old-market
                name: Old Market square
                kind: market
                area_m2: 2500
                opening_hours: "07:00-22:00"
                timezone: Europe/London
                importance: 3
                capacity: 3000
                latitude: 51.512
                longitude: -0.123
            devices:
              - id: cam-market-01
                zone: old-market
                kind: camera
                view_area_m2: 160
                width: 640
                height: 480
                fps: 2
                mounting: {height_m: 6.5, horizon_share: 0.2}
                stream: {url: "rtsp://10.0.0.7:554/ch0", kind: rtsp, max_fps: 2, credentials: "env:CAM_MARKET_01"}
              - id: snd-market-01
                zone: old-market
                kind: sensor
                sensor_type: sound_level
                sampling_period_ms: 10000
                unit: dB
                latitude: 51.5121
                longitude: -0.1231
            """;

    static RegistryFile.City parse(String text) { return RegistryFile.parse("city.yaml", text, z -> z.equals("plaza"), T); }

    @Test
    void aCityFileGivesRegistryRows() {
        RegistryFile.City c = parse(CITY);
        assertThat(c.zones()).singleElement().satisfies(z -> {
            assertThat(z.id()).isEqualTo("old-market");
            assertThat(z.openingHours()).isEqualTo("07:00-22:00");
            assertThat(z.capacity()).isEqualTo(3000);
        });
        Device cam = c.devices().get(0);
        assertThat(cam.mounting()).isEqualTo(new Device.Mounting(6.5, 0.2));
        assertThat(cam.stream()).isEqualTo(new Device.Stream("rtsp://10.0.0.7:554/ch0", "rtsp", 2.0, "env:CAM_MARKET_01"));
        assertThat(cam.width()).isEqualTo(640);
        Device snd = c.devices().get(1);
        assertThat(snd.sensorType()).isEqualTo("sound_level");
        assertThat(snd.latitude()).isEqualTo(51.5121);
    }

    @Test
    void aDeviceMayBelongToAZoneAlreadyRegistered() {
        assertThat(parse("devices:\n  - {id: s1, zone: plaza, kind: sensor, sensor_type: gunshot}\n").devices()).hasSize(1);
    }

    @Test
    void aBrokenFileIsRefusedNamingLineAndField() {
        assertThatThrownBy(() -> parse(CITY.replace("kind: rtsp", "kind: hls"))).isInstanceOf(FileProblem.class)
                .hasMessageContaining("line 21").hasMessageContaining("stream.kind").hasMessageContaining("hls");
        assertThatThrownBy(() -> parse(CITY.replace("rtsp://10.0.0.7", "rtsp://admin:pw@10.0.0.7")))
                .hasMessageContaining("line 21").hasMessageContaining("stream.url").hasMessageContaining("must not carry a user or password");
        assertThatThrownBy(() -> parse(CITY.replace("sensor_type: sound_level", "sensor_type: smell")))
                .hasMessageContaining("line 25").hasMessageContaining("sensor_type").hasMessageContaining("'smell'");
        assertThatThrownBy(() -> parse(CITY.replace("    zone: old-market\n    kind: sensor", "    zone: nowhere\n    kind: sensor")))
                .hasMessageContaining("line 23").hasMessageContaining("zone 'nowhere' is neither in this file nor in the registry");
        assertThatThrownBy(() -> parse(CITY.replace("importance: 3", "importance: 9"))).hasMessageContaining("line 8")
                .hasMessageContaining("importance").hasMessageContaining("outside 1..5");
        assertThatThrownBy(() -> parse(CITY.replace("view_area_m2: 160", "view_area: 160"))).hasMessageContaining("line 16")
                .hasMessageContaining("unknown field");
        assertThatThrownBy(() -> parse(CITY + "  - id: cam-market-01\n    zone: old-market\n    kind: camera\n"))
                .hasMessageContaining("listed twice (first on line 13)");
        assertThatThrownBy(() -> parse(CITY.replace("opening_hours: \"07:00-22:00\"", "opening_hours: \"7am-10pm\"")))
                .hasMessageContaining("line 6").hasMessageContaining("HH:MM-HH:MM");
    }
}
