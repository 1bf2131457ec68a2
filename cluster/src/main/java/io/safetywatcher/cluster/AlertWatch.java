package io.safetywatcher.cluster;

import io.safetywatcher.common.codec.AlertCodec;
import io.safetywatcher.common.event.Alert;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A police desk's consumer of the alert topic ({@code read_committed}), from its end at the
 * drill's start: every event it receives, with the moment it arrived.
 */
final class AlertWatch implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<DrillOutcome.Event> events = new CopyOnWriteArrayList<>();
    private final Thread thread;

    AlertWatch(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position); // fixes "the end" now, before the drill sends anything
        thread = new Thread(this::poll, "drill-alert-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        try {
            while (true) {
                var records = consumer.poll(Duration.ofMillis(200));
                long now = System.currentTimeMillis();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    var decoded = AlertCodec.decode(r.value());
                    if (decoded.isOk()) {
                        Alert a = decoded.value();
                        events.add(new DrillOutcome.Event(a.id(), a.type().id(), a.state().name(), a.updatedAt().toEpochMilli(), a.devices(), now));
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    List<DrillOutcome.Event> events() { return List.copyOf(events); }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(10_000);
    }
}
