package io.safetywatcher.simulator.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.simulator.city.Camera;
import io.safetywatcher.simulator.city.City;
import io.safetywatcher.simulator.city.CityFile;
import io.safetywatcher.simulator.incident.IncidentTimeline;
import io.safetywatcher.simulator.life.NormalLife;
import io.safetywatcher.simulator.out.KafkaSink;
import io.safetywatcher.simulator.world.RecordSink;
import io.safetywatcher.simulator.world.SimRecord;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.simulator.world.World;
import io.safetywatcher.simulator.world.WorldSettings;
import io.safetywatcher.common.security.KafkaAccess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import io.safetywatcher.shell.ConfigOptions;
import io.safetywatcher.shell.FormatOption;
import io.safetywatcher.shell.Program;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code ./watcher bench simulator}: readings per second the simulator produces to the broker
 * against a bare kafka-clients loop of records of the same size with the same producer
 * settings, in the same run; frames rendered and JPEG-encoded per second at 640x480 on one
 * thread (a busy day scene and a noisy night one); and this process's resident memory.
 */
@Command(name = "bench simulator", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures the simulator: readings/s to Kafka vs a bare producer loop, frames/s rendered, RSS.")
public final class SimulatorBench implements Callable<Integer> {
    @Option(names = "--records", description = "Readings to send in each of the two producer runs (default: ${DEFAULT-VALUE}).")
    int records = 500_000;

    @Option(names = "--frames", description = "Frames to render in each scene (default: ${DEFAULT-VALUE}).")
    int frames = 600;

    @CommandLine.Mixin
    FormatOption format;

    @Option(names = "--no-kafka", description = "Only the frame figures (no broker needed).")
    boolean noKafka;

    @CommandLine.Mixin
    ConfigOptions config;

    public static void main(String[] args) {
        Program.exit(new SimulatorBench(), args);
    }

    @Override
    public Integer call() throws Exception {
        WatcherConfig config = this.config.load();
        Map<String, Object> results = new LinkedHashMap<>();
        City city = CityFile.load("default");
        // A weekday rush hour at the station, then 23:00 at the market (dark, noisy frames).
        results.put("frames_per_s_day", framesPerSecond(city, "cam-station-01", Instant.parse("2026-11-23T17:30:00Z")));
        results.put("frames_per_s_night", framesPerSecond(city, "cam-market-01", Instant.parse("2026-11-20T21:30:00Z")));
        if (!noKafka) {
            String prefix = config.get("topics.prefix") + "bench.";
            Topics topics = new Topics(prefix);
            String bareTopic = prefix + "bare";
            KafkaSink.ensureTopics(config, List.of(topics.readings(), bareTopic));
            City sensorsOnly = new City(city.name(), city.timezone(), city.zones(), List.of(), city.sensors());
            // Warm both paths up (JIT, producer buffers, metadata), then alternate timed rounds and
            // keep each one's best, so neither side pays for being first.
            List<SimRecord> sample = new ArrayList<>();
            long[] warm = simulatorReadings(config, sensorsOnly, topics, records / 4, sample);
            long avgSize = warm[1] / Math.max(1, warm[0]);
            bareLoop(config, bareTopic, sample, records / 4);
            double simBest = 0;
            double bareBest = 0;
            for (int round = 0; round < 2; round++) {
                long[] sim = simulatorReadings(config, sensorsOnly, topics, records, null);
                simBest = Math.max(simBest, sim[0] / (sim[2] / 1e9));
                bareBest = Math.max(bareBest, bareLoop(config, bareTopic, sample, records));
            }
            results.put("record_bytes", avgSize);
            results.put("simulator_readings_per_s", Math.round(simBest));
            results.put("bare_loop_records_per_s", Math.round(bareBest));
            results.put("simulator_vs_bare", Math.round(100.0 * simBest / Math.max(1, bareBest)) / 100.0);
            deleteTopics(config, List.of(topics.readings(), bareTopic)); // the bench's own, a few million records
        }
        results.put("rss_mb", rssMb());
        print(results);
        return 0;
    }

    /** Removes the bench's own scratch topics. */
    private static void deleteTopics(WatcherConfig config, Collection<String> topics) {
        Properties p = KafkaAccess.of(config).applyTo(new Properties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("kafka.bootstrap"));
        try (Admin admin = Admin.create(p)) {
            admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot delete topics " + topics + ": " + e.getMessage(), e);
        }
    }

    private double framesPerSecond(City city, String cameraId, Instant at) {
        Camera cam = city.cameras().stream().filter(c -> c.id().equals(cameraId)).findFirst().orElseThrow();
        City one = new City(city.name(), city.timezone(), city.zones(), List.of(cam), List.of());
        long start = at.toEpochMilli();
        NormalLife life = new NormalLife(one, 1);
        IncidentTimeline timeline = new IncidentTimeline(one, life, 1, 0, List.of(), start, Long.MAX_VALUE);
        WorldSettings settings = new WorldSettings(1, true, Duration.ofSeconds(5), 0, 80);
        AtomicLong n = new AtomicLong();
        RecordSink count = new NullSink(n);
        try (World w = new World(one, settings, new Topics("bench."), timeline, start)) {
            long periodMs = Math.round(1000 / cam.fps());
            w.advanceTo(start + 20 * periodMs, count); // warm-up: JIT, backdrop, crowd in place
            long before = n.get();
            long t0 = System.nanoTime();
            w.advanceTo(start + (20L + frames) * periodMs, count);
            double secs = (System.nanoTime() - t0) / 1e9;
            return Math.round((n.get() - before) / secs * 10) / 10.0;
        }
    }

    /** @return {readings sent, bytes, nanos} including the final flush */
    /** @param keep if not null, receives the records sent (the bare loop replays them) */
    private static long[] simulatorReadings(WatcherConfig config, City city, Topics topics, int records, List<SimRecord> keep) {
        long start = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();
        NormalLife life = new NormalLife(city, 1);
        IncidentTimeline timeline = new IncidentTimeline(city, life, 1, 0, List.of(), start, Long.MAX_VALUE);
        WorldSettings settings = new WorldSettings(1, false, Duration.ofSeconds(5), 0, 80);
        KafkaSink kafka = new KafkaSink(config, 0, false);
        AtomicLong sent = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        RecordSink counting = new RecordSink() {
            @Override
            public void accept(SimRecord r) {
                kafka.accept(r);
                if (keep != null) {
                    keep.add(r);
                }
                sent.incrementAndGet();
                bytes.addAndGet(r.size());
            }

            @Override
            public void flush() { kafka.flush(); }

            @Override
            public void close() { kafka.close(); }
        };
        try (World w = new World(city, settings, topics, timeline, start)) {
            long t = start;
            long t0 = System.nanoTime();
            while (sent.get() < records) {
                t += 60_000;
                w.advanceTo(t, counting);
            }
            counting.flush();
            long nanos = System.nanoTime() - t0;
            counting.close();
            return new long[] {sent.get(), bytes.get(), nanos};
        }
    }

    /**
     * The same records the simulator made (keys and JSON values, so compression sees the same
     * data), replayed by a plain loop around {@code KafkaProducer.send} with the same settings.
     */
    private static double bareLoop(WatcherConfig config, String topic, List<SimRecord> sample, int records) {
        int n = sample.size();
        String[] keys = new String[n];
        byte[][] values = new byte[n][];
        for (int i = 0; i < n; i++) {
            keys[i] = sample.get(i).key();
            values[i] = sample.get(i).value();
        }
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(KafkaSink.producerProperties(config), new StringSerializer(),
                new ByteArraySerializer())) {
            long t0 = System.nanoTime();
            for (int i = 0; i < records; i++) {
                p.send(new ProducerRecord<>(topic, keys[i % n], values[i % n]), (m, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            p.flush();
            double secs = (System.nanoTime() - t0) / 1e9;
            if (failure.get() != null) {
                throw new IllegalStateException("the bare loop failed: " + failure.get().getMessage(), failure.get());
            }
            return records / secs;
        }
    }

    static long rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private void print(Map<String, Object> results) {
        if (format.json()) {
            ObjectNode o = Json.object();
            results.forEach((k, v) -> {
                if (v instanceof Long l) {
                    o.put(k, l);
                } else if (v instanceof Double d) {
                    o.put(k, d);
                } else {
                    o.put(k, String.valueOf(v));
                }
            });
            System.out.println(new String(Json.bytes(o), java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        System.out.println("simulator bench");
        System.out.printf("  %-34s %12s%n", "measure", "value");
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("frames_per_s_day", "frames/s rendered+JPEG, day crowd");
        labels.put("frames_per_s_night", "frames/s rendered+JPEG, night");
        labels.put("record_bytes", "reading size (bytes)");
        labels.put("simulator_readings_per_s", "simulator readings/s to Kafka");
        labels.put("bare_loop_records_per_s", "bare producer loop records/s");
        labels.put("simulator_vs_bare", "simulator / bare (target >= 0.5)");
        labels.put("rss_mb", "RSS (MB)");
        results.forEach((k, v) -> System.out.printf("  %-34s %12s%n", labels.getOrDefault(k, k), v));
        System.out.println("  (frame target: >= 60 frames/s on one thread)");
    }

    private static final class NullSink implements RecordSink {
        private final AtomicLong n;

        NullSink(AtomicLong n) { this.n = n; }

        @Override
        public void accept(SimRecord r) { n.incrementAndGet(); }

        @Override
        public void flush() { }

        @Override
        public void close() { }
    }
}
