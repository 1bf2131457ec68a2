package io.safetywatcher.alertjob.spark;

import io.safetywatcher.common.security.KafkaAccess;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Frames read back from Kafka by their coordinates, on the driver: the detect query shuffles no
 * JPEG, so the sink fetches the few it stores (alert evidence, quarantined frames). One consumer
 * for the job's life, {@code read_committed} like the queries, assigned and seeked (no group).
 * A frame it cannot read in time is left out of the answer, never an error: the caller decides.
 */
final class FrameFetch {
    private static final Logger LOG = LoggerFactory.getLogger("alerts");
    /** One poll's wait: the frames were read by the query moments ago, so the broker has them at hand. */
    private static final Duration POLL = Duration.ofMillis(200);
    /** A whole fetch's budget: the batch's rows wait on it, so a broker that does not answer costs this and no more. */
    private static final Duration BUDGET = Duration.ofSeconds(5);

    private final String bootstrap;
    private final KafkaAccess kafka;
    private KafkaConsumer<byte[], byte[]> consumer;

    FrameFetch(String bootstrap, KafkaAccess kafka) {
        this.bootstrap = bootstrap;
        this.kafka = kafka;
    }

    /** The value of each record found, by its coordinates; those not found (gone, or not in time) are absent. */
    Map<RecordCoordinates, byte[]> values(Collection<RecordCoordinates> wanted) {
        Map<RecordCoordinates, byte[]> found = new HashMap<>();
        Map<TopicPartition, TreeSet<Long>> byPartition = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
        wanted.forEach(w -> byPartition.computeIfAbsent(new TopicPartition(w.topic(), w.partition()), k -> new TreeSet<>()).add(w.offset()));
        long deadline = System.nanoTime() + BUDGET.toNanos();
        for (var e : byPartition.entrySet()) {
            TopicPartition tp = e.getKey();
            try {
                read(tp, e.getValue(), deadline, found);
            } catch (InterruptException stop) {
                throw stop; // the query is being stopped
            } catch (KafkaException failed) {
                // Gone by retention (offset out of range), or the broker failing: the consumer is made anew next time.
                LOG.warn("reading frames back from Kafka: {} failed: {}", tp, failed.toString());
                close();
            }
        }
        return found;
    }

    /** Offsets in ascending order: one poll returns the records after a seek, often the next wanted ones too. */
    private void read(TopicPartition tp, TreeSet<Long> offsets, long deadline, Map<RecordCoordinates, byte[]> found) {
        KafkaConsumer<byte[], byte[]> c = consumer();
        c.assign(List.of(tp));
        for (long offset : offsets) {
            if (found.containsKey(new RecordCoordinates(tp.topic(), tp.partition(), offset))) {
                continue;
            }
            c.seek(tp, offset);
            while (System.nanoTime() < deadline) {
                List<ConsumerRecord<byte[], byte[]>> records = c.poll(POLL).records(tp);
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    if (offsets.contains(r.offset())) {
                        found.put(new RecordCoordinates(tp.topic(), tp.partition(), r.offset()), r.value() == null ? new byte[0] : r.value());
                    }
                }
                // After the seek, any record returned is at or past the offset; none but a moved position: it was skipped (aborted).
                if (!records.isEmpty() || c.position(tp, POLL) > offset) {
                    break;
                }
            }
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        if (consumer == null) {
            Properties p = kafka.applyTo(new Properties());
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            // A record gone by retention is an error to report, not a jump to the log's end.
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, "alert-job-frame-fetch");
            consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        return consumer;
    }

    void close() {
        if (consumer != null) {
            try {
                consumer.close(Duration.ofSeconds(2));
            } catch (RuntimeException ignored) {
                // already broken
            }
            consumer = null;
        }
    }
}
