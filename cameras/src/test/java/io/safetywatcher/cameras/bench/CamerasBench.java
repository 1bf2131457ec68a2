package io.safetywatcher.cameras.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.sun.net.httpserver.HttpServer;
import io.safetywatcher.cameras.FrameTopic;
import io.safetywatcher.cameras.Gateway;
import io.safetywatcher.cameras.GatewaySettings;
import io.safetywatcher.common.codec.FrameCodec;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.security.KafkaAccess;
import io.safetywatcher.cql.CqlSessions;
import io.safetywatcher.shell.ConfigOptions;
import io.safetywatcher.shell.Program;
import io.safetywatcher.store.registry.Device;
import io.safetywatcher.store.registry.RegistryTable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code ./watcher bench cameras}: the gateway's target "12 cameras at 2 fps from real HTTP/RTSP
 * sources, back within 10 s of a source restart", on the stack in the configuration. Local
 * cameras ({@link LocalCameras}: MJPEG and snapshots over HTTP at 10 fps, RTSP from GStreamer),
 * the cameras registered in the registry (removed at the end), the gateway in this JVM; the
 * frames counted on the frame topic. Then the HTTP server and the RTSP server are each stopped
 * for 3 s and started again, and each camera's first frame after its server is back is timed.
 */
@Command(name = "bench cameras", mixinStandardHelpOptions = true,
        description = "Frames per second the camera gateway sustains from local HTTP and RTSP cameras, and its recovery after a restart.")
public final class CamerasBench implements Callable<Integer> {
    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--cameras", defaultValue = "12", description = "Cameras (default ${DEFAULT-VALUE}).")
    int cameras;

    @Option(names = "--rtsp", defaultValue = "4", description = "How many of them are RTSP; the rest alternate MJPEG and snapshot (default ${DEFAULT-VALUE}).")
    int rtsp;

    @Option(names = "--fps", defaultValue = "2", description = "Each camera's max fps (default ${DEFAULT-VALUE}).")
    double fps;

    @Option(names = "--seconds", defaultValue = "60", description = "The measured window (default ${DEFAULT-VALUE}).")
    int seconds;

    @Override
    public Integer call() throws Exception {
        WatcherConfig config = configOptions.load();
        String secret = "bench-" + Long.toString(System.nanoTime(), 36);
        Path login = Files.createTempFile("bench-camera", ".login");
        Files.writeString(login, LocalCameras.USER + ":" + secret);
        List<byte[]> clip = LocalCameras.frames(100);
        int httpPort = LocalCameras.freePort();
        int rtspPort = LocalCameras.freePort();
        HttpServer http = LocalCameras.http(httpPort, clip, secret);
        Process rtspServer = LocalCameras.rtsp(rtspPort);
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < cameras; i++) {
            String id = String.format("bench-cam-%02d", i);
            Device.Stream s = i < rtsp ? Device.Stream.of("rtsp://127.0.0.1:" + rtspPort + "/cam", "rtsp", fps, null)
                    : i % 2 == 0 ? Device.Stream.of("http://127.0.0.1:" + httpPort + "/mjpeg", "mjpeg", fps, null)
                    : Device.Stream.of("http://127.0.0.1:" + httpPort + "/snapshot", "snapshot", fps, "file:" + login);
            devices.add(Device.camera(id, "bench-cameras", 100.0, 480, 360, fps, null, Instant.now()).streaming(s));
        }
        try (CqlSession session = CqlSessions.builder(config).build();
             KafkaConsumer<String, byte[]> consumer = consumer(config)) {
            RegistryTable registry = new RegistryTable(session, config.get("cassandra.keyspace"));
            registry.writeAll(devices);
            Map<String, List<Instant>> seen = new TreeMap<>();
            Gateway gateway = new Gateway(GatewaySettings.of(config),
                    () -> registry.devices().stream().filter(d -> d.id().startsWith("bench-cam-")).toList(), new FrameTopic(config),
                    line -> System.out.println(Instant.now() + " " + line), System::getenv);
            try {
                gateway.start();
                Instant warm = Instant.now().plusSeconds(10);
                pollUntil(consumer, seen, warm);
                Gateway.Stats before = gateway.stats();
                Instant from = Instant.now();
                pollUntil(consumer, seen, from.plusSeconds(seconds));
                Instant to = Instant.now();
                Gateway.Stats after = gateway.stats();
                double secs = Duration.between(from, to).toMillis() / 1000.0;
                long onTopic = seen.values().stream().mapToLong(l -> l.stream().filter(t -> !t.isBefore(from) && t.isBefore(to)).count()).sum();
                System.out.printf("%n%d cameras (%d RTSP, %d MJPEG, %d snapshot) at most %.1f fps each, %.0f s measured:%n", cameras, rtsp,
                        (cameras - rtsp + 1) / 2, (cameras - rtsp) / 2, fps, secs);
                System.out.printf("  frames on the topic %d = %.2f/s (target %.1f/s); produced %.2f/s; dropped by the rate cap %.2f/s; refused %d; failed sends %d%n",
                        onTopic, onTopic / secs, cameras * fps, (after.produced() - before.produced()) / secs,
                        (after.dropped() - before.dropped()) / secs, after.refused() - before.refused(), after.failed() - before.failed());
                for (String id : seen.keySet()) {
                    long n = seen.get(id).stream().filter(t -> !t.isBefore(from) && t.isBefore(to)).count();
                    System.out.printf("  %s %-9s %.2f fps%n", id, devices.stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow().stream().kind(), n / secs);
                }

                // Restarts: each server down 3 s, then up again; each camera's first frame after that is timed.
                http.stop(0);
                Thread.sleep(3_000);
                http = LocalCameras.http(httpPort, clip, secret);
                Instant httpBack = Instant.now();
                rtspServer.destroy();
                rtspServer.waitFor();
                Thread.sleep(3_000);
                rtspServer = LocalCameras.rtsp(rtspPort);
                Instant rtspBack = Instant.now();
                pollUntil(consumer, seen, Instant.now().plusSeconds(25));
                System.out.println("\nrecovery after a restart (server answering again -> the camera's first frame on the topic):");
                for (Device d : devices) {
                    Instant back = d.stream().kind().equals("rtsp") ? rtspBack : httpBack;
                    String took = seen.getOrDefault(d.id(), List.of()).stream().filter(t -> t.isAfter(back)).findFirst()
                            .map(t -> String.format("%.1f s", Duration.between(back, t).toMillis() / 1000.0)).orElse("not within 25 s");
                    System.out.printf("  %s %-9s %s%n", d.id(), d.stream().kind(), took);
                }
            } finally {
                gateway.close();
                devices.forEach(registry::remove);
                http.stop(0);
                rtspServer.destroyForcibly();
                Files.deleteIfExists(login);
            }
        }
        return 0;
    }

    static KafkaConsumer<String, byte[]> consumer(WatcherConfig config) {
        Properties p = KafkaAccess.of(config).applyTo(new Properties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("kafka.bootstrap"));
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        String topic = Topics.of(config).frames();
        List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        c.assign(parts);
        c.seekToEnd(parts);
        parts.forEach(c::position);
        return c;
    }

    /** The bench's frames' capture times by camera, read from the topic until {@code until}. */
    static void pollUntil(KafkaConsumer<String, byte[]> c, Map<String, List<Instant>> seen, Instant until) {
        while (Instant.now().isBefore(until)) {
            for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                if (r.key() != null && r.key().startsWith("bench-cam-")) {
                    seen.computeIfAbsent(r.key(), k -> new ArrayList<>())
                            .add(Instant.parse(new String(r.headers().lastHeader(FrameCodec.CAPTURE_TIME).value(), StandardCharsets.UTF_8)));
                }
            }
        }
    }

    public static void main(String[] args) {
        Program.exit(new CamerasBench(), args);
    }
}
