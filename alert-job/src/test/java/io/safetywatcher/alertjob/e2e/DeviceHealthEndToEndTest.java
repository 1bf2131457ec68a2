package io.safetywatcher.alertjob.e2e;

import com.datastax.oss.driver.api.core.CqlSession;
import io.safetywatcher.alertjob.vision.CameraModels;
import io.safetywatcher.alertjob.vision.Scene;
import io.safetywatcher.alertjob.vision.VisionSettings;
import io.safetywatcher.common.codec.FrameCodec;
import io.safetywatcher.common.codec.ReadingCodec;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.FrameMeta;
import io.safetywatcher.common.event.Reading;
import io.safetywatcher.common.event.SensorType;
import io.safetywatcher.stack.Provisioning;
import io.safetywatcher.stack.junit.StackEndpoints;
import io.safetywatcher.stack.junit.StackTest;
import io.safetywatcher.store.registry.Device;
import io.safetywatcher.store.registry.RegistryTable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A camera that goes offline and a sensor that falls silent, through the real job on the real
 * stack (ten minutes ago, {@value #SECONDS} s of event time), in one zone:
 * <ul>
 *   <li>the camera (registered, 320x240) sends a frame a second, someone walking across, except
 *       from 60 s to 150 s: camera-offline fires once the zone clock (30 s behind the newest
 *       input) is 30 s past its last frame, and resolves a minute after it is back;</li>
 *   <li>the sound sensor (registered with a 1 s sampling period) reports every second except from
 *       100 s to 200 s: five periods are less than sensor_silent.min_silence (30 s), so it is silent
 *       30 s after its last reading, and resolves a minute after it reports again;</li>
 *   <li>a door sensor registered without a sampling period reports all along (it keeps the zone's
 *       clock going and is never judged).</li>
 * </ul>
 * The zone gets exactly those four events; the firing ones at the right moments.
 */
@StackTest
class DeviceHealthEndToEndTest {
    static final int SECONDS = 330;
    static SparkSession spark;

    @BeforeAll
    static void spark(StackEndpoints stack) {
        spark = InProcessJob.spark(stack.config());
    }

    @AfterAll
    static void stop() {
        spark.stop();
        CameraModels.clear();
    }

    @Test
    void anOfflineCameraAndASilentSensorEachRaiseTheirAlertAndResolveWhenBack(StackEndpoints stack, @TempDir Path tmp) throws Exception {
        String run = "dh" + Long.toString(System.currentTimeMillis() % 10_000_000, 36);
        WatcherConfig config = stack.config().with("topics.prefix", run + ".", "test");
        Provisioning.createTopics(config);
        Topics topics = Topics.of(config);
        String ks = stack.keyspace();
        String zone = run + "-square";
        String cam = zone + "-cam";
        String sound = zone + "-sound";
        String door = zone + "-door";
        try (CqlSession s = stack.openSession()) {
            TestCassandra.zone(s, ks, zone, "square", 1);
            TestCassandra.camera(s, ks, cam, zone, 60, 320, 240);
            new RegistryTable(s, ks).write(Device.sensor(sound, zone, SensorType.SOUND_LEVEL.id(), 1000, SensorType.SOUND_LEVEL.unit(), null));
            TestCassandra.sensor(s, ks, door, zone, SensorType.DOOR_CONTACT);
        }
        Instant t0 = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        ReadingCodec readings = ReadingCodec.standard();
        FrameCodec frames = FrameCodec.standard();
        try (KafkaProducer<byte[], byte[]> p = TestKafka.producer(config, Map.of());
             Scene scene = new Scene(VisionSettings.of(config).view(320, 240, 60))) {
            for (int t = 0; t < SECONDS; t++) {
                Instant at = t0.plusSeconds(t);
                p.send(TestKafka.record(topics.readings(), door, readings.encode(Reading.of(door, SensorType.DOOR_CONTACT, at, 0, t))));
                if (t < 100 || t >= 200) {
                    p.send(TestKafka.record(topics.readings(), sound, readings.encode(Reading.of(sound, SensorType.SOUND_LEVEL, at, 52 + t % 3, t))));
                }
                if (t < 60 || t >= 150) {
                    // Someone crossing: a live camera's pictures differ from one to the next.
                    byte[] jpeg = scene.jpeg(List.of(new Scene.Figure(40 + (t * 7) % 240, 200, t % 3)), 1);
                    p.send(TestKafka.record(topics.frames(), cam, jpeg, frames.headers(new FrameMeta(cam, at, t, 320, 240))));
                }
            }
            p.flush();
        }

        InProcessJob.runAvailableNow(spark, config, tmp.resolve("checkpoint"));

        List<Alert> events = TestKafka.alerts(config, topics.alerts());
        assertThat(events.stream().map(a -> a.zone() + " " + a.type().id() + " " + a.state() + " " + a.devices()).toList())
                .containsExactlyInAnyOrder(
                        zone + " camera-offline FIRING [" + cam + "]", zone + " camera-offline RESOLVED [" + cam + "]",
                        zone + " sensor-silent FIRING [" + sound + "]", zone + " sensor-silent RESOLVED [" + sound + "]");
        Map<String, Alert> event = events.stream().collect(Collectors.toMap(a -> a.type().id() + " " + a.state(), a -> a));
        // Judged at the zone's clock as the batches move it: after the limit, within a batch or so.
        assertThat(event.get("camera-offline FIRING").startedAt()).isBetween(t0.plusSeconds(59 + 30), t0.plusSeconds(59 + 30 + 20));
        assertThat(event.get("camera-offline FIRING").summary()).contains("has sent no frame");
        assertThat(event.get("sensor-silent FIRING").startedAt()).isBetween(t0.plusSeconds(99 + 30), t0.plusSeconds(99 + 30 + 20));
        assertThat(event.get("camera-offline RESOLVED").endedAt()).isBetween(t0.plusSeconds(150), t0.plusSeconds(150 + 70));
        assertThat(event.get("sensor-silent RESOLVED").endedAt()).isBetween(t0.plusSeconds(200), t0.plusSeconds(200 + 70));
    }
}
