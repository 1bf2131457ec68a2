package io.safetywatcher.cameras;

import com.datastax.oss.driver.api.core.CqlSession;
import com.sun.net.httpserver.HttpServer;
import io.safetywatcher.cameras.bench.LocalCameras;
import io.safetywatcher.common.codec.Decoded;
import io.safetywatcher.common.codec.FrameCodec;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.Frame;
import io.safetywatcher.common.security.KafkaAccess;
import io.safetywatcher.stack.junit.StackEndpoints;
import io.safetywatcher.stack.junit.StackTest;
import io.safetywatcher.store.registry.Device;
import io.safetywatcher.store.registry.RegistryTable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway against real cameras started here: the JDK's HTTP server streaming the fixture
 * clip's frames as MJPEG (10 fps) and serving them as snapshots behind HTTP Basic credentials,
 * and GStreamer's RTSP server playing the clip, with the registry on the real Cassandra and the
 * frames on the real Kafka frame topic. Frames arrive with the simulator's key and headers (the
 * alert job's codec takes them), capped at 2 fps; a camera added to the registry later is taken
 * up; an HTTP and an RTSP camera that restart are streamed again; wrong credentials are said
 * (HTTP 401) and no password appears in any line.
 */
@StackTest
class CameraGatewayTest {
    static final String SECRET = "s3cret-" + Long.toString(System.nanoTime() % 100_000, 36);
    static StackEndpoints stack;
    static List<byte[]> clip;
    static CqlSession session;
    static final List<Process> processes = new ArrayList<>();
    final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start(StackEndpoints endpoints) throws Exception {
        stack = endpoints;
        session = endpoints.openSession();
        clip = LocalCameras.frames(60);
    }

    @AfterAll
    static void stop() {
        processes.forEach(Process::destroyForcibly);
        if (session != null) {
            session.close();
        }
    }

    static Process rtspCamera(int port, Path login) throws IOException {
        Process p = LocalCameras.rtsp(port, login);
        processes.add(p);
        return p;
    }

    @Test
    void realCamerasAreStreamedOntoTheFrameTopicAndRecoverFromRestarts(@TempDir Path dir) throws Exception {
        String tag = "gw" + Long.toString(System.nanoTime() % 10_000_000, 36) + "-";
        int httpPort = LocalCameras.freePort();
        int rtspPort = LocalCameras.freePort();
        HttpServer http = LocalCameras.http(httpPort, clip, SECRET);
        Path login = Files.writeString(dir.resolve("camera.login"), LocalCameras.USER + ":" + SECRET + "\n");
        Process rtsp = rtspCamera(rtspPort, login);
        Path wrong = Files.writeString(dir.resolve("wrong.login"), "viewer:not-" + SECRET + "\n");
        String base = "http://127.0.0.1:" + httpPort;
        Device mjpeg = camera(tag + "mjpeg", Device.Stream.of(base + "/mjpeg", "mjpeg", 2.0, null));
        Device snapshot = camera(tag + "snap", Device.Stream.of(base + "/snapshot", "snapshot", 2.0, "file:" + login));
        Device refused = camera(tag + "refused", Device.Stream.of(base + "/snapshot", "snapshot", 1.0, "file:" + wrong));
        Device rtspCam = camera(tag + "rtsp", Device.Stream.of("rtsp://127.0.0.1:" + rtspPort + "/cam", "rtsp", 2.0, "file:" + login));
        RegistryTable registry = new RegistryTable(session, stack.keyspace());
        registry.writeAll(List.of(mjpeg, snapshot, refused));

        WatcherConfig config = stack.config().with("cameras.registry-refresh", "1s", "test").with("cameras.backoff.base", "200ms", "test")
                .with("cameras.backoff.max", "2s", "test").with("cameras.stall-timeout", "5s", "test");
        Frames frames = new Frames(config, tag);
        try (Gateway gateway = new Gateway(GatewaySettings.of(config),
                () -> registry.devices().stream().filter(d -> d.id().startsWith(tag)).toList(), new FrameTopic(config),
                line -> log.add(line), name -> null).start()) {
            // A camera registered while the gateway runs is taken up at the next registry read.
            registry.write(rtspCam);
            awaitTrue(() -> "frames from the MJPEG, snapshot and RTSP cameras (" + List.copyOf(log) + ", " + gateway.stats() + ")", Duration.ofSeconds(90),
                    () -> frames.poll().count(mjpeg.id()) >= 8 && frames.count(snapshot.id()) >= 8 && frames.count(rtspCam.id()) >= 6);

            // The RTSP camera's password reaches ffmpeg in a file only this user reads, not on its command line (ps shows that to all).
            List<String> ffmpegs = ProcessHandle.current().descendants().map(h -> h.info().commandLine().orElse(""))
                    .filter(c -> c.contains("ffmpeg")).toList();
            assertThat(ffmpegs).as("the gateway's ffmpeg children").isNotEmpty().noneMatch(c -> c.contains(SECRET) || c.contains("rtsp://"));

            for (ConsumerRecord<String, byte[]> r : frames.all()) {
                Map<String, byte[]> headers = new java.util.LinkedHashMap<>();
                for (Header h : r.headers()) {
                    headers.put(h.key(), h.value());
                }
                assertThat(headers.keySet()).containsExactly(FrameCodec.CAMERA_ID, FrameCodec.CAPTURE_TIME, FrameCodec.SEQ,
                        FrameCodec.WIDTH, FrameCodec.HEIGHT);
                Decoded<Frame> d = FrameCodec.standard().decode(headers, r.value()); // what the alert job's ingest runs
                assertThat(d).as("frame of %s", r.key()).isInstanceOf(Decoded.Ok.class);
                Frame f = ((Decoded.Ok<Frame>) d).value();
                assertThat(f.meta().cameraId()).isEqualTo(r.key());
                assertThat(f.meta().width()).isEqualTo(480);
                assertThat(f.meta().height()).isEqualTo(360);
                assertThat(r.timestamp()).isEqualTo(f.meta().captureTime().toEpochMilli());
            }
            // 10 fps in, at most 2 fps out: the capture times of the MJPEG camera's frames are 0.5 s apart on average.
            List<Instant> times = frames.captureTimes(mjpeg.id());
            double fps = (times.size() - 1) / (Duration.between(times.get(0), times.get(times.size() - 1)).toMillis() / 1000.0);
            assertThat(fps).as("the MJPEG camera's produced rate").isBetween(1.5, 2.2);
            assertThat(gateway.stats().cameras().get(mjpeg.id()).dropped()).isPositive();
            assertThat(frames.count(refused.id())).isZero();
            assertThat(gateway.stats().cameras().get(refused.id()).state()).isEqualTo("reconnecting");

            // The HTTP camera restarts: down for 3 s, then the same address again.
            http.stop(0);
            Thread.sleep(3_000);
            Instant back = Instant.now();
            http = LocalCameras.http(httpPort, clip, SECRET);
            awaitTrue(() -> "the MJPEG camera streamed again after its restart " + List.copyOf(log), Duration.ofSeconds(30),
                    () -> frames.poll().captureTimes(mjpeg.id()).stream().anyMatch(t -> t.isAfter(back)));
            Instant firstAgain = frames.captureTimes(mjpeg.id()).stream().filter(t -> t.isAfter(back)).findFirst().orElseThrow();
            System.out.println("[gateway test] MJPEG camera back " + Duration.between(back, firstAgain).toMillis() + " ms after its server was");

            // The RTSP camera restarts too.
            rtsp.destroy();
            rtsp.waitFor(10, TimeUnit.SECONDS);
            Thread.sleep(2_000);
            Instant rtspBack = Instant.now();
            rtspCamera(rtspPort, login);
            awaitTrue(() -> "the RTSP camera streamed again after its restart " + List.copyOf(log), Duration.ofSeconds(40),
                    () -> frames.poll().captureTimes(rtspCam.id()).stream().anyMatch(t -> t.isAfter(rtspBack)));
            Instant rtspAgain = frames.captureTimes(rtspCam.id()).stream().filter(t -> t.isAfter(rtspBack)).findFirst().orElseThrow();
            System.out.println("[gateway test] RTSP camera back " + Duration.between(rtspBack, rtspAgain).toMillis() + " ms after its server was");

            // A camera removed from the registry's streams is stopped.
            registry.write(snapshot.streaming(null));
            awaitTrue(() -> "the snapshot camera stopped once its stream left the registry " + List.copyOf(log), Duration.ofSeconds(15),
                    () -> !gateway.stats().cameras().containsKey(snapshot.id()));
        } finally {
            http.stop(0);
            frames.close();
            List.of(mjpeg, snapshot, refused, rtspCam).forEach(registry::remove); // other tests count the registry's devices
        }
        List<String> lines = List.copyOf(log);
        lines.forEach(l -> System.out.println("[gateway] " + l));
        assertThat(lines).anyMatch(l -> l.startsWith("camera " + mjpeg.id() + ": reconnecting"))
                .anyMatch(l -> l.startsWith("camera " + mjpeg.id() + ": streaming again after"))
                .anyMatch(l -> l.startsWith("camera " + rtspCam.id() + ": streaming again after"))
                .anyMatch(l -> l.startsWith("camera " + refused.id() + ": reconnecting") && l.contains("HTTP 401"))
                .anyMatch(l -> l.startsWith("camera " + snapshot.id() + ": no longer in the registry with a stream"))
                .noneMatch(l -> l.contains(SECRET));
        // One line per change of state: the refused camera's repeated 401s are not a line each.
        assertThat(lines.stream().filter(l -> l.startsWith("camera " + refused.id() + ": reconnecting"))).hasSize(1);
    }

    static Device camera(String id, Device.Stream stream) {
        return Device.camera(id, "gateway-test", 100.0, 480, 360, 2.0, null, Instant.now()).streaming(stream);
    }

    static void awaitTrue(java.util.function.Supplier<String> what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what.get());
            }
            Thread.sleep(200);
        }
    }

    /** The frame topic from its end as the test began, this test's cameras only. */
    static final class Frames implements AutoCloseable {
        final KafkaConsumer<String, byte[]> consumer;
        final String tag;
        final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

        Frames(WatcherConfig config, String tag) {
            Properties p = KafkaAccess.of(config).applyTo(new Properties());
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("kafka.bootstrap"));
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
            this.tag = tag;
            String topic = Topics.of(config).frames();
            FrameTopic.ensure(config, topic);
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position);
        }

        Frames poll() {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.key() != null && r.key().startsWith(tag)) {
                    records.add(r);
                }
            }
            return this;
        }

        long count(String camera) { return records.stream().filter(r -> r.key().equals(camera)).count(); }

        List<ConsumerRecord<String, byte[]>> all() { return List.copyOf(records); }

        List<Instant> captureTimes(String camera) {
            return records.stream().filter(r -> r.key().equals(camera))
                    .map(r -> Instant.parse(new String(r.headers().lastHeader(FrameCodec.CAPTURE_TIME).value(), StandardCharsets.UTF_8)))
                    .toList();
        }

        @Override
        public void close() { consumer.close(); }
    }
}
