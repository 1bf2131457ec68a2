package io.safetywatcher.alertjob.spark;

import io.safetywatcher.common.cap.CapSettings;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.security.KafkaAccess;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * The detect query's sink: alerts out, exactly once, then their rows ({@link AlertOutput}). The topic gets each micro-batch's alerts in one
 * Kafka transaction that also writes the batch id to a commit topic; a replayed batch whose id
 * is already committed is not published again, so a {@code read_committed} consumer never sees
 * an alert event twice. Cassandra rows are upserts on the alert's deterministic id, written
 * after the transaction (and again by a replay); a batch with no alert and no late input opens
 * no transaction. Each alert event goes
 * out twice in that transaction: as JSON on the alert topic and as a CAP 1.2 document on the
 * CAP topic, both keyed by the fingerprint, so the two topics hold the same events.
 */
final class AlertSink implements VoidFunction2<Dataset<ZoneEvent>, Long> {
    private static final Logger LOG = LoggerFactory.getLogger("alerts");

    private final String bootstrap;
    private final KafkaAccess kafka;
    private final Topics topics;
    private final String queryName;
    private final AlertOutput output;
    private transient long lastCommittedBatch = Long.MIN_VALUE;

    AlertSink(CassandraEndpoint cassandra, String bootstrap, KafkaAccess kafka, Topics topics, String queryName, CapSettings cap) {
        this.bootstrap = bootstrap;
        this.kafka = kafka;
        this.topics = topics;
        this.queryName = queryName;
        this.output = new AlertOutput(cassandra, bootstrap, kafka, topics, cap, "safety-watcher-alerts-" + Integer.toHexString(queryName.hashCode()));
    }

    /** The topic that records which batches were published: internal to the job. */
    String commitTopic() { return topics.prefix() + "alert-job-commits"; }

    @Override
    public void call(Dataset<ZoneEvent> batch, Long batchId) {
        long t0 = System.nanoTime();
        AlertOutput.FrameSource frames = output.fromKafka();
        AlertOutput.Events e = AlertOutput.Events.of(batch.collectAsList());
        // A frame's dead letter came without its JPEG: read back here, before it is published.
        e = e.withLate(output.withFramePayloads(e.late(), frames));
        // Published first: a desk waits for the topic, not for the batch's frame and alert rows. The
        // rows follow as upserts, so a crash in between is mended when the batch is replayed (its
        // state is computed from the batch's time, so the replay holds the same alerts, and
        // publish() sees the batch id already committed). A batch with nothing to publish opens
        // no transaction.
        String outcome = !e.toPublish() ? "nothing to publish" : publish(e, batchId) ? "published" : "already published (replay)";
        AlertOutput.Stored stored = output.store(e, batchId, frames);
        if (!e.isEmpty()) {
            LOG.info(AlertOutput.line("batch " + batchId, e, stored, outcome, (System.nanoTime() - t0) / 1e9));
        }
    }

    /** Returns false when this batch id was already committed (a replay). */
    private boolean publish(AlertOutput.Events e, long batchId) {
        output.producer(() -> lastCommittedBatch = readLastCommittedBatch());
        if (batchId <= lastCommittedBatch) {
            return false;
        }
        output.publish(e.alerts(), e.late(), p -> p.send(new ProducerRecord<>(commitTopic(), queryName.getBytes(StandardCharsets.UTF_8),
                Long.toString(batchId).getBytes(StandardCharsets.UTF_8))));
        lastCommittedBatch = batchId;
        return true;
    }

    /** The highest batch id committed for this query, read with read_committed from the commit topic. */
    long readLastCommittedBatch() {
        Properties props = kafka.applyTo(new Properties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long last = Long.MIN_VALUE;
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(commitTopic(), Duration.ofSeconds(30)).stream()
                    .map(pi -> new TopicPartition(pi.topic(), pi.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            var end = c.endOffsets(parts, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (var r : c.poll(Duration.ofMillis(500))) {
                    if (queryName.equals(r.key())) {
                        last = Math.max(last, Long.parseLong(r.value()));
                    }
                }
            }
        }
        return last;
    }
}
