package io.safetywatcher.cli.eval;

import io.safetywatcher.cli.Connections;
import io.safetywatcher.common.codec.AlertCodec;
import io.safetywatcher.common.codec.Decoded;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.Alert;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Alerts from the alert topic, read to its current end as a police desk reads it
 * ({@code read_committed}), without a consumer group: from the beginning, or from the
 * offsets {@link #fromNow} pinned (so a run is judged on its own alerts only, even where
 * an earlier run covered the same simulated hours). Events that do not decode are counted,
 * not guessed at.
 */
public final class TopicAlerts implements AlertSource {
    private final WatcherConfig config;
    private final String topic;
    private final Map<TopicPartition, Long> start;
    private int undecodable;

    public TopicAlerts(WatcherConfig config, String topic) {
        this(config, topic, null);
    }

    private TopicAlerts(WatcherConfig config, String topic, Map<TopicPartition, Long> start) {
        this.config = config;
        this.topic = topic;
        this.start = start;
    }

    /** Alerts published from now on. */
    public static TopicAlerts fromNow(WatcherConfig config, String topic) {
        try (KafkaConsumer<byte[], byte[]> c = consumer(config)) {
            List<TopicPartition> parts = partitions(c, topic);
            return new TopicAlerts(config, topic, Map.copyOf(c.endOffsets(parts, Duration.ofSeconds(30))));
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(WatcherConfig config) {
        Properties p = Connections.kafkaProperties(config);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> c, String topic) {
        return c.partitionsFor(topic, Duration.ofSeconds(30)).stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    }

    @Override
    public List<RaisedAlert> alerts(Instant from, Instant until) {
        return AlertSource.fold(events(from, until));
    }

    /** The lifecycle events of alerts whose condition started in [from, until), in the order they were published. */
    public List<Alert> events(Instant from, Instant until) {
        List<Alert> events = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = consumer(config)) {
            List<TopicPartition> parts = partitions(c, topic);
            c.assign(parts);
            if (start == null) {
                c.seekToBeginning(parts);
            } else {
                parts.forEach(tp -> c.seek(tp, start.getOrDefault(tp, 0L)));
            }
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            int idle = 0; // a trailing transaction marker may keep a position short of the end: stop after 2 s of nothing
            while (idle < 4 && parts.stream().anyMatch(tp -> c.position(tp, Duration.ofSeconds(30)) < end.get(tp))) {
                var records = c.poll(Duration.ofMillis(500));
                idle = records.isEmpty() ? idle + 1 : 0;
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    Decoded<Alert> d = AlertCodec.decode(r.value());
                    if (!d.isOk()) {
                        undecodable++;
                        continue;
                    }
                    Alert a = d.value();
                    if (!a.startedAt().isBefore(from) && a.startedAt().isBefore(until)) {
                        events.add(a);
                    }
                }
            }
        }
        return events;
    }

    /** Events on the topic that were not alerts (after {@link #alerts}). */
    public int undecodable() { return undecodable; }
}
