package io.safetywatcher.cli;

import io.safetywatcher.stack.junit.StackEndpoints;
import io.safetywatcher.stack.junit.StackTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry as operators manage it, on the real stack: {@code registry apply} adds, then
 * changes column by column, then changes nothing; a broken file is refused naming line and field
 * and writes nothing; {@code devices add|show|remove} and {@code zones add|remove}.
 */
@StackTest
class RegistryCommandsTest {
    static StackEndpoints stack;

    @BeforeAll
    static void stack(StackEndpoints endpoints) { stack = endpoints; }

    static String city(String tag, String zoneName, String streamKind) {
        return """
                zones:
                  - id: %1$s-market
                    name: %2$s
                    kind: market
                    area_m2: 2500
                    timezone: Europe/London
                devices:
                  - id: %1$s-cam
                    zone: %1$s-market
                    kind: camera
                    view_area_m2: 160
                    width: 640
                    height: 480
                    fps: 2
                    stream: {url: "http://10.0.0.7/video", kind: %3$s, max_fps: 2, credentials: "env:CAM_LOGIN"}
                  - id: %1$s-snd
                    zone: %1$s-market
                    kind: sensor
                    sensor_type: sound_level
                    sampling_period_ms: 10000
                    unit: dB
                """.formatted(tag, zoneName, streamKind);
    }

    @Test
    void applyIsIdempotentAndPrintsWhatChanged(@TempDir Path dir) throws Exception {
        String tag = "reg" + Long.toString(System.nanoTime() % 1_000_000, 36);
        Path file = Files.writeString(dir.resolve("city.yaml"), city(tag, "Old Market", "mjpeg"));
        Cli.Result first = Cli.run(stack, "registry", "apply", file.toString());
        assertThat(first.code()).as(first.toString()).isZero();
        assertThat(first.out()).contains("zone " + tag + "-market: added", "device " + tag + "-cam: added", "device " + tag + "-snd: added",
                "changed 3 of 3");

        Cli.Result again = Cli.run(stack, "registry", "apply", file.toString());
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.out()).contains("changed 0 of 3").doesNotContain("added");

        Files.writeString(file, city(tag, "Old Market square", "snapshot"));
        Cli.Result changed = Cli.run(stack, "registry", "apply", file.toString());
        assertThat(changed.out()).contains("zone " + tag + "-market: changed (name)", "device " + tag + "-cam: changed (stream_kind)",
                "changed 2 of 3");

        Cli.Result show = Cli.run(stack, "devices", "show", tag + "-cam");
        assertThat(show.code()).as(show.toString()).isZero();
        assertThat(show.out()).contains("snapshot http://10.0.0.7/video, at most 2 fps, credentials env:CAM_LOGIN");

        // A broken file: exit 2, line and field named, nothing written.
        Files.writeString(file, city(tag, "Renamed", "hls"));
        Cli.Result broken = Cli.run(stack, "registry", "apply", file.toString());
        assertThat(broken.code()).isEqualTo(2);
        assertThat(broken.err()).contains("line 15").contains("stream.kind").contains("'hls'");
        assertThat(Cli.run(stack, "zones").out()).contains("Old Market square").doesNotContain("Renamed");

        // Other tests count the registry's rows: leave none behind.
        assertThat(Cli.run(stack, "devices", "remove", tag + "-cam").code()).isZero();
        assertThat(Cli.run(stack, "devices", "remove", tag + "-snd").code()).isZero();
        assertThat(Cli.run(stack, "zones", "remove", tag + "-market").code()).isZero();
    }

    @Test
    void devicesAndZonesAreAddedShownAndRemoved() {
        String tag = "dev" + Long.toString(System.nanoTime() % 1_000_000, 36);
        assertThat(Cli.run(stack, "zones", "add", tag + "-z", "--name", "Test zone", "--kind", "park", "--timezone", "Europe/Paris").code()).isZero();
        Cli.Result add = Cli.run(stack, "devices", "add", tag + "-cam", "--zone", tag + "-z", "--kind", "camera", "--size", "640x480",
                "--stream-url", "rtsp://10.0.0.8/ch1", "--stream-kind", "rtsp", "--credentials", "file:/etc/watcher/cam.login");
        assertThat(add.code()).as(add.toString()).isZero();
        assertThat(add.out()).contains("added camera " + tag + "-cam to zone " + tag + "-z: rtsp rtsp://10.0.0.8/ch1");

        Cli.Result secret = Cli.run(stack, "devices", "add", tag + "-cam2", "--zone", tag + "-z", "--kind", "camera",
                "--stream-url", "rtsp://admin:hunter2@10.0.0.8/ch1", "--stream-kind", "rtsp");
        assertThat(secret.code()).isEqualTo(2);
        assertThat(secret.err()).contains("must not carry a user or password").doesNotContain("hunter2");

        Cli.Result busy = Cli.run(stack, "zones", "remove", tag + "-z");
        assertThat(busy.code()).isEqualTo(2);
        assertThat(busy.err()).contains("still has 1 devices (" + tag + "-cam)");

        assertThat(Cli.run(stack, "devices", "remove", tag + "-cam").out()).contains("removed camera " + tag + "-cam");
        assertThat(Cli.run(stack, "devices", "show", tag + "-cam").code()).isEqualTo(2);
        assertThat(Cli.run(stack, "zones", "remove", tag + "-z").out()).contains("removed zone " + tag + "-z");
        assertThat(Cli.run(stack, "zones").out()).doesNotContain(tag + "-z");
    }
}
