package io.safetywatcher.alertjob.bench;

import io.safetywatcher.common.codec.AlertCodec;
import io.safetywatcher.common.codec.Decoded;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A police desk's view of the alert topic: a {@code read_committed} consumer on its own
 * thread that notes the wall-clock moment each FIRING arrives, by the device that raised it.
 * Only committed alerts count, so the time includes the job's transaction commit.
 */
final class AlertProbe implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    /**
     * A FIRING as the desk received it: when, which alert, and the record's timestamp (the
     * job's producer stamps it when it sends, after the alert's rows are written and before
     * the transaction commits).
     */
    record Arrival(long receivedMillis, String alertId, long sentMillis) {}

    private final Map<String, Arrival> arrivals = new ConcurrentHashMap<>();
    private final Thread thread;

    AlertProbe(String bootstrap, String alertTopic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = consumer.partitionsFor(alertTopic, Duration.ofSeconds(30)).stream()
                .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        // From here on only the probe thread touches the consumer (wakeup() is the one thread-safe call).
        thread = new Thread(this::poll, "bench-alert-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        try {
            while (true) {
                var records = consumer.poll(Duration.ofMillis(100));
                long now = System.currentTimeMillis();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    Decoded<Alert> a = AlertCodec.decode(r.value());
                    if (a.isOk() && a.value().state() == AlertState.FIRING) {
                        Arrival arrival = new Arrival(now, a.value().id(), r.timestamp());
                        a.value().devices().forEach(d -> arrivals.putIfAbsent(d, arrival));
                    }
                }
            }
        } catch (WakeupException stop) {
            // close() asked us to stop
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Device id to the epoch millisecond its first FIRING arrived. */
    Map<String, Long> firings() {
        Map<String, Long> out = new java.util.HashMap<>();
        arrivals.forEach((d, a) -> out.put(d, a.receivedMillis()));
        return out;
    }

    /** Device id to its first FIRING's arrival. */
    Map<String, Arrival> arrivals() { return Map.copyOf(arrivals); }

    /** True once a FIRING has arrived for every one of these devices. */
    boolean allArrived(Collection<String> devices) { return arrivals.keySet().containsAll(devices); }

    /** Waits until a FIRING has arrived for every one of these devices, or the timeout passes. */
    void awaitFirings(Collection<String> devices, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!allArrived(devices) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(10_000);
    }
}
