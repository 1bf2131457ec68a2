package io.safetywatcher.simulator;

import com.datastax.oss.driver.api.core.CqlSession;
import io.safetywatcher.simulator.city.CityFile;
import io.safetywatcher.simulator.scene.CameraGeometry;
import io.safetywatcher.store.registry.Device;
import io.safetywatcher.store.registry.RegistryTable;
import io.safetywatcher.store.registry.Zone;
import io.safetywatcher.simulator.world.SimRecord;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.stack.junit.StackEndpoints;
import io.safetywatcher.stack.junit.StackTest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On the real broker and database: `simulate` writes the registry and produces; a consumer
 * reads back exactly what was produced, record for record (the same run in memory, being
 * deterministic, is the list of what was produced).
 */
@StackTest
class KafkaRoundTripTest {

    @Test
    void producedCountsEqualConsumedCountsAndTheRegistryIsWritten(StackEndpoints stack, @TempDir Path dir) throws Exception {
        String prefix = "simtest" + Long.toHexString(System.nanoTime()) + ".";
        Path scenario = dir.resolve("s.yaml");
        Files.writeString(scenario, """
                start: 2026-11-20T21:00:00Z
                duration: 15s
                seed: 31
                incidents:
                  - {type: fight, zone: old-market, at: 2s, duration: 10s}
                  - {type: panic, zone: elm-street, at: 5s}
                """);
        List<String> args = new ArrayList<>(List.of("--scenario", scenario.toString(), "--speed", "50", "--bad-rate", "0.05",
                "--truth", dir.resolve("truth.jsonl").toString(), "--set", "topics.prefix=" + prefix));
        stack.config().settings().forEach((k, s) -> {
            if (!"default".equals(s.source()) && !k.equals("topics.prefix")) {
                args.add("--set");
                args.add(k + "=" + s.value());
            }
        });
        MainTest.Outcome o = MainTest.run(args.toArray(String[]::new));
        assertThat(o.exit()).as(o.err()).isZero();

        // What was produced: the same scenario, in memory.
        List<SimRecord> expected = Runs.run(CityFile.load("default"), Files.readString(scenario), true, 0.05, 0, null,
                new Topics(prefix));
        Map<String, Long> produced = new TreeMap<>();
        expected.forEach(r -> produced.merge(r.topic(), 1L, Long::sum));
        assertThat(produced).containsKeys(prefix + "frames", prefix + "readings", prefix + "observations", prefix + "truth");

        List<ConsumerRecord<String, byte[]>> consumed = consumeAll(stack.kafkaBootstrap(), produced);
        Map<String, Long> counts = new TreeMap<>();
        consumed.forEach(r -> counts.merge(r.topic(), 1L, Long::sum));
        assertThat(counts).isEqualTo(produced);

        // Per key, the broker keeps the order the records were produced in, with identical bytes.
        Map<String, List<SimRecord>> want = byTopicAndKey(expected);
        Map<String, List<SimRecord>> got = new HashMap<>();
        for (ConsumerRecord<String, byte[]> c : consumed) {
            Map<String, byte[]> headers = new LinkedHashMap<>();
            for (Header h : c.headers()) {
                headers.put(h.key(), h.value());
            }
            got.computeIfAbsent(c.topic() + "/" + c.key(), k -> new ArrayList<>())
                    .add(new SimRecord(c.topic(), c.key(), c.value(), headers, c.timestamp()));
        }
        assertThat(got.keySet()).isEqualTo(want.keySet());
        want.forEach((k, list) -> {
            List<SimRecord> g = got.get(k);
            for (int i = 0; i < list.size(); i++) {
                assertThat(g.get(i).value()).as(k + "#" + i).isEqualTo(list.get(i).value());
                assertThat(g.get(i).headers().keySet()).isEqualTo(list.get(i).headers().keySet());
            }
        });
        assertThat(Files.readAllLines(dir.resolve("truth.jsonl"))).hasSize((int) (long) produced.get(prefix + "truth"));

        try (CqlSession session = stack.openSession()) {
            RegistryTable registry = new RegistryTable(session, stack.keyspace());
            assertThat(registry.devices().size()).isGreaterThanOrEqualTo(72);
            Zone station = registry.zone("central-station").orElseThrow();
            assertThat(station.kind()).isEqualTo("transit");
            assertThat(station.openingHours()).isEqualTo("05:00-01:00");
            assertThat(station.latitude()).isBetween(-90.0, 90.0);
            assertThat(registry.devicesOf("old-market")).hasSize(12);
            // The renderer's own mounting, so the detector's geometry is read from the registry, not copied.
            assertThat(registry.device("cam-market-01").orElseThrow().mounting())
                    .isEqualTo(new Device.Mounting(CameraGeometry.CAMERA_HEIGHT_M, CameraGeometry.HORIZON_SHARE));
        }
    }

    private static Map<String, List<SimRecord>> byTopicAndKey(List<SimRecord> records) {
        Map<String, List<SimRecord>> m = new HashMap<>();
        records.forEach(r -> m.computeIfAbsent(r.topic() + "/" + r.key(), k -> new ArrayList<>()).add(r));
        return m;
    }

    private static List<ConsumerRecord<String, byte[]>> consumeAll(String bootstrap, Map<String, Long> expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 * 1024 * 1024));
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        long total = expected.values().stream().mapToLong(Long::longValue).sum();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : expected.keySet()) {
                c.partitionsFor(t, Duration.ofSeconds(30)).forEach(pi -> parts.add(new TopicPartition(t, pi.partition())));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (out.size() < total && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(500)).forEach(out::add);
            }
            // A little longer: anything beyond what was produced would be a duplicate.
            long extra = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < extra) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
