package io.safetywatcher.simulator.out;

import io.safetywatcher.common.config.KafkaTopics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.security.KafkaAccess;
import io.safetywatcher.simulator.world.RecordSink;
import io.safetywatcher.simulator.world.SimRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Thin plumbing to Kafka: an idempotent producer (acks=all, idempotence on, compression),
 * key = device id so a device's records stay in order on one partition, rate-limited.
 * A send that finally fails is remembered and surfaces on the next call: nothing is lost
 * silently.
 */
public final class KafkaSink implements RecordSink {
    private final KafkaProducer<String, byte[]> producer;
    private final RateLimit limit;
    private final boolean eventTimeStamps;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final org.apache.kafka.clients.producer.Callback callback = (meta, e) -> {
        if (e != null) {
            failure.compareAndSet(null, e);
        } else {
            acked.incrementAndGet();
        }
    };

    /** How far from the wall clock a capture time may be and still serve as the Kafka timestamp. */
    private static final long TIMESTAMP_PAST_MS = 24 * 3_600_000L;
    private static final long TIMESTAMP_FUTURE_MS = 50 * 60_000L;

    /**
     * @param eventTimeStamps Kafka timestamps = capture time where it is near the wall clock. Else
     *                        (and always when false) the producer stamps send time: a backfill's old
     *                        timestamps would fall straight out of time-based retention, and a broker
     *                        refuses timestamps more than log.message.timestamp.after.max.ms ahead.
     *                        The capture time is in the record itself either way.
     */
    public KafkaSink(WatcherConfig config, double maxRecordsPerSecond, boolean eventTimeStamps) {
        this.producer = new KafkaProducer<>(producerProperties(config), new StringSerializer(), new ByteArraySerializer());
        this.limit = new RateLimit(maxRecordsPerSecond);
        this.eventTimeStamps = eventTimeStamps;
    }

    public static Properties producerProperties(WatcherConfig config) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("kafka.bootstrap"));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, config.get("simulator.compression"));
        p.put(ProducerConfig.LINGER_MS_CONFIG, Long.toString(config.getDuration("simulator.linger").toMillis()));
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(64L * 1024 * 1024));
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(4 * 1024 * 1024));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "watcher-simulator");
        return KafkaAccess.of(config).applyTo(p);
    }

    /** Creates the topics with the configured partitions if the broker lacks them. */
    public static void ensureTopics(WatcherConfig config, Collection<String> topics) {
        Properties p = KafkaAccess.of(config).applyTo(new Properties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("kafka.bootstrap"));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        try (Admin admin = Admin.create(p)) {
            KafkaTopics.ensure(admin, config, topics);
        }
    }

    @Override
    public void accept(SimRecord r) {
        rethrow();
        limit.acquire();
        List<org.apache.kafka.common.header.Header> headers = null;
        if (!r.headers().isEmpty()) {
            headers = new ArrayList<>(r.headers().size());
            for (var h : r.headers().entrySet()) {
                headers.add(new RecordHeader(h.getKey(), h.getValue()));
            }
        }
        long now = System.currentTimeMillis();
        boolean near = r.timestampMs() > now - TIMESTAMP_PAST_MS && r.timestampMs() < now + TIMESTAMP_FUTURE_MS;
        ProducerRecord<String, byte[]> pr = new ProducerRecord<>(r.topic(), null, eventTimeStamps && near ? r.timestampMs() : null,
                r.key(), r.value(), headers);
        producer.send(pr, callback);
    }

    public long acked() { return acked.get(); }

    private void rethrow() {
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("a record could not be delivered: " + e.getMessage(), e);
        }
    }

    @Override
    public void flush() {
        producer.flush();
        rethrow();
    }

    @Override
    public void close() {
        try {
            producer.flush();
        } finally {
            producer.close(java.time.Duration.ofSeconds(30));
        }
        rethrow();
    }
}
