package io.safetywatcher.alertjob.spark;

import com.datastax.oss.driver.api.core.CqlSession;
import io.safetywatcher.store.registry.Device;
import io.safetywatcher.store.registry.RegistryTable;
import io.safetywatcher.store.registry.Zone;
import io.safetywatcher.alertjob.Main;
import io.safetywatcher.common.codec.AlertCodec;
import io.safetywatcher.common.codec.ReadingCodec;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Reading;
import io.safetywatcher.common.event.SensorType;
import io.safetywatcher.stack.junit.StackEndpoints;
import io.safetywatcher.stack.junit.StackTest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job on the real stack: readings with one gunshot and some bad input go in; the raw
 * table holds every valid reading, quarantine holds each bad one with its reason, and the
 * alert topic carries the gunshot's lifecycle once, even when the job runs again.
 */
@StackTest
class AlertJobEndToEndTest {
    static SparkSession spark;

    @BeforeAll
    static void spark(StackEndpoints stack) {
        spark = SparkSession.builder().config(Main.sparkConf(stack.config()).setMaster("local[2]")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false").set("spark.sql.shuffle.partitions", "2")).getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void gunshotFiresOnceBadInputIsQuarantinedAndEveryValidReadingIsKept(StackEndpoints stack, @TempDir Path tmp) throws Exception {
        WatcherConfig config = stack.config();
        Topics topics = Topics.of(config);
        try (CqlSession s = stack.openSession()) {
            String ks = stack.keyspace();
            RegistryTable registry = new RegistryTable(s, ks);
            registry.write(new Zone("plaza", "Plaza", "market", 2000.0, null, null, 3, null, null, null, null, null));
            registry.write(Device.sensor("plaza-sound-1", "plaza", "sound_level", null, "dB", null));
            registry.write(Device.sensor("plaza-gun-1", "plaza", "gunshot", null, "ratio", null));
        }
        Instant t0 = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
        ReadingCodec codec = ReadingCodec.standard();
        int valid = 0;
        try (KafkaProducer<byte[], byte[]> p = producer(config)) {
            for (int i = 0; i < 180; i++) {
                // Normal life: a plaza at 58-64 dB; it must not raise anything.
                send(p, topics.readings(), "plaza-sound-1", codec.encode(Reading.of("plaza-sound-1", SensorType.SOUND_LEVEL,
                        t0.plusSeconds(i), 58 + (i * 7 % 6), i)));
                send(p, topics.readings(), "plaza-gun-1", codec.encode(Reading.of("plaza-gun-1", SensorType.GUNSHOT,
                        t0.plusSeconds(i), i == 60 ? 0.95 : 0.0, i)));
                valid += 2;
            }
            send(p, topics.readings(), "plaza-sound-1", "{\"sensor_id\": \"plaza-sound-1\", ".getBytes(StandardCharsets.UTF_8));
            send(p, topics.readings(), "ghost-9", codec.encode(Reading.of("ghost-9", SensorType.SOUND_LEVEL, t0, 60, 1)));
            p.flush();
        }

        runAvailableNow(config, tmp.resolve("checkpoint"));

        try (CqlSession s = stack.openSession()) {
            String ks = stack.keyspace();
            // A run across midnight puts readings into two day partitions: count both.
            List<java.time.LocalDate> days = java.util.stream.Stream.of(t0, t0.plusSeconds(180))
                    .map(t -> java.time.LocalDate.ofInstant(t, java.time.ZoneOffset.UTC)).distinct().toList();
            long kept = s.execute("SELECT count(*) FROM " + ks + ".readings_by_sensor_day WHERE sensor_id IN ('plaza-sound-1', 'plaza-gun-1')"
                    + " AND day IN ?", days).one().getLong(0);
            assertThat(kept).isEqualTo(valid);
            List<String> reasons = s.execute("SELECT reason, detail FROM " + ks + ".quarantine_by_day").all().stream()
                    .map(r -> r.getString(0) + ": " + r.getString(1)).toList();
            assertThat(reasons).anyMatch(r -> r.startsWith("malformed_json"))
                    .anyMatch(r -> r.startsWith("unknown_device") && r.contains("ghost-9"));
            assertThat(s.execute("SELECT type, state FROM " + ks + ".alerts_by_id").all())
                    .extracting(r -> r.getString(0)).containsOnly("gunshot");
        }
        List<Alert> first = alertsOnTopic(config);
        assertThat(first).extracting(Alert::type).containsOnly(AlertType.GUNSHOT);
        assertThat(first).extracting(Alert::state).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
        assertThat(first.get(0).zone()).isEqualTo("plaza");

        // Run again on the same checkpoint: nothing new is published.
        runAvailableNow(config, tmp.resolve("checkpoint"));
        assertThat(alertsOnTopic(config)).isEqualTo(first);
    }

    /** The job as configured (the default engine, or -Dwatcher.test.detect's), as a scheduler runs it. */
    private static void runAvailableNow(WatcherConfig config, Path checkpoint) throws Exception {
        io.safetywatcher.alertjob.e2e.InProcessJob.runAvailableNow(spark, config, checkpoint);
    }

    private static KafkaProducer<byte[], byte[]> producer(WatcherConfig c) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, c.get("kafka.bootstrap"));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<byte[], byte[]> p, String topic, String key, byte[] value) {
        p.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
    }

    private static List<Alert> alertsOnTopic(WatcherConfig c) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, c.get("kafka.bootstrap"));
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<Alert> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(Topics.of(c).alerts(), Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).collect(Collectors.toList());
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            var end = consumer.endOffsets(parts, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> out.add(AlertCodec.decode(r.value()).value()));
            }
        }
        out.sort(java.util.Comparator.comparing(Alert::updatedAt).thenComparing(a -> a.state().ordinal()));
        return out;
    }
}
