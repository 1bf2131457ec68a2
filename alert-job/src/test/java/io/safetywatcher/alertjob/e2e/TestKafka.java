package io.safetywatcher.alertjob.e2e;

import io.safetywatcher.common.codec.AlertCodec;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.security.KafkaAccess;
import io.safetywatcher.common.event.Alert;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Producing to and reading back from the real broker, as the tests need it. */
final class TestKafka {
    private TestKafka() {}

    static KafkaProducer<byte[], byte[]> producer(WatcherConfig c, Map<String, Object> extra) {
        Properties p = KafkaAccess.of(c).applyTo(new Properties());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, c.get("kafka.bootstrap"));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.putAll(extra);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
        return new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    }

    static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value, Map<String, byte[]> headers) {
        ProducerRecord<byte[], byte[]> r = record(topic, key, value);
        headers.forEach((k, v) -> r.headers().add(new RecordHeader(k, v)));
        return r;
    }

    static Properties adminProperties(WatcherConfig c) {
        Properties p = KafkaAccess.of(c).applyTo(new Properties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, c.get("kafka.bootstrap"));
        return p;
    }

    /** Sends and waits for the acknowledgement: the record's coordinates. */
    static RecordMetadata sendSync(KafkaProducer<byte[], byte[]> p, ProducerRecord<byte[], byte[]> r) {
        try {
            return p.send(r).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + r.topic() + ": " + e.getMessage(), e);
        }
    }

    /** Every record of the topic, read with read_committed from the beginning to the current end. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(WatcherConfig c, String topic) {
        Properties p = KafkaAccess.of(c).applyTo(new Properties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, c.get("kafka.bootstrap"));
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (parts.stream().anyMatch(tp -> consumer.position(tp, Duration.ofSeconds(30)) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end " + end + " within 60 s");
                }
                consumer.poll(Duration.ofMillis(300)).forEach(out::add);
            }
        }
        return out;
    }

    /** The alert events on the alert topic, as a read_committed consumer sees them, in topic order per partition. */
    static List<Alert> alerts(WatcherConfig c, String topic) {
        return readAll(c, topic).stream().map(r -> AlertCodec.decode(r.value()).value()).toList();
    }
}
