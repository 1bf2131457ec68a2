package io.safetywatcher.cameras;

import io.safetywatcher.common.codec.FrameCodec;
import io.safetywatcher.common.config.KafkaTopics;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.FrameMeta;
import io.safetywatcher.common.security.KafkaAccess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The frame topic as the simulator writes it: key = camera id (a camera's frames in order on one
 * partition), value = the JPEG, metadata in the headers {@link FrameCodec#headers} makes, the
 * capture time as the record's timestamp; an idempotent producer with acks=all. A failed send is
 * counted and its message kept for the report: a live camera's frame is worth nothing late, so
 * nothing is retried beyond what the producer itself does.
 */
public final class FrameTopic implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final FrameCodec codec = FrameCodec.standard();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> lastFailure = new AtomicReference<>();

    public FrameTopic(WatcherConfig config) {
        this.topic = Topics.of(config).frames();
        ensure(config, topic);
        this.producer = new KafkaProducer<>(properties(config), new StringSerializer(), new ByteArraySerializer());
    }

    /** Creates the frame topic with the configured partitions when the broker lacks it, as the simulator does. */
    static void ensure(WatcherConfig config, String topic) {
        Properties p = KafkaAccess.of(config).applyTo(new Properties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("kafka.bootstrap"));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        try (Admin admin = Admin.create(p)) {
            KafkaTopics.ensure(admin, config, List.of(topic));
        }
    }

    static Properties properties(WatcherConfig config) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("kafka.bootstrap"));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(4 * 1024 * 1024));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "watcher-cameras");
        return KafkaAccess.of(config).applyTo(p);
    }

    public String topic() { return topic; }

    public void send(FrameMeta meta, byte[] jpeg) {
        Map<String, byte[]> h = codec.headers(meta);
        List<Header> headers = new ArrayList<>(h.size());
        h.forEach((k, v) -> headers.add(new RecordHeader(k, v)));
        producer.send(new ProducerRecord<>(topic, null, meta.captureTime().toEpochMilli(), meta.cameraId(), jpeg, headers), (m, e) -> {
            if (e == null) {
                acked.incrementAndGet();
            } else {
                failed.incrementAndGet();
                lastFailure.set(e.getMessage());
            }
        });
    }

    public long acked() { return acked.get(); }

    public long failed() { return failed.get(); }

    /** The message of the latest failed send, or null. */
    public String lastFailure() { return lastFailure.get(); }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
