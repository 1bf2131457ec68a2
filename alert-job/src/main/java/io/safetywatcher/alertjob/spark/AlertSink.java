package io.safetywatcher.alertjob.spark;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.safetywatcher.alertjob.lifecycle.Suppression;
import io.safetywatcher.store.registry.Registry;
import io.safetywatcher.common.cap.Cap;
import io.safetywatcher.common.cap.CapArea;
import io.safetywatcher.common.cap.CapSettings;
import io.safetywatcher.common.codec.AlertCodec;
import io.safetywatcher.common.codec.DeadLetterCodec;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.security.KafkaAccess;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.DeadLetter;
import io.safetywatcher.store.alerts.AlertTables;
import io.safetywatcher.store.quarantine.QuarantineTable;
import io.safetywatcher.store.raw.RawTables;
import io.safetywatcher.store.suppressions.SuppressionTables;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Alerts out, exactly once, then their rows. The topic gets each micro-batch's alerts in one
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

    private final CassandraEndpoint cassandra;
    private final String bootstrap;
    private final KafkaAccess kafka;
    private final Topics topics;
    private final String queryName;
    private final CapSettings cap;
    private transient KafkaProducer<byte[], byte[]> producer;
    private transient long lastCommittedBatch = Long.MIN_VALUE;
    private transient Owners owners;
    /** Writes of a batch's independent rows in flight at once. */
    static final int IN_FLIGHT = 64;
    private transient FrameFetch frameFetch;

    AlertSink(CassandraEndpoint cassandra, String bootstrap, KafkaAccess kafka, Topics topics, String queryName, CapSettings cap) {
        this.cassandra = cassandra;
        this.cap = cap;
        this.bootstrap = bootstrap;
        this.kafka = kafka;
        this.topics = topics;
        this.queryName = queryName;
    }

    /** The topic that records which batches were published: internal to the job. */
    String commitTopic() { return topics.prefix() + "alert-job-commits"; }

    @Override
    public void call(Dataset<ZoneEvent> batch, Long batchId) {
        long t0 = System.nanoTime();
        List<ZoneEvent> events = batch.collectAsList();
        List<Alert> alerts = events.stream().filter(e -> e.alert() != null).map(ZoneEvent::alert).toList();
        // A frame's dead letter came without its JPEG: read back here, before it is published.
        List<DeadLetter> late = withFramePayloads(events.stream().filter(e -> e.late() != null).map(ZoneEvent::late).toList());
        List<FrameRow> frames = events.stream().filter(e -> e.frame() != null).map(ZoneEvent::frame).toList();
        List<EvidenceFrame> evidence = events.stream().filter(e -> e.evidence() != null).map(ZoneEvent::evidence).toList();
        List<Suppression> suppressed = events.stream().filter(e -> e.suppressed() != null).map(ZoneEvent::suppressed).toList();
        // Published first: a desk waits for the topic, not for the batch's frame and alert rows. The
        // rows follow as upserts, so a crash in between is mended when the batch is replayed (its
        // state is computed from the batch's time, so the replay holds the same alerts, and
        // publish() sees the batch id already committed). A batch with nothing to publish opens
        // no transaction.
        String outcome = alerts.isEmpty() && late.isEmpty() ? "nothing to publish"
                : publish(alerts, late, batchId) ? "published" : "already published (replay)";
        long readBack = System.nanoTime();
        int evidenceStored = evidence.isEmpty() ? 0 : storeEvidence(evidence);
        readBack = System.nanoTime() - readBack;
        if (!alerts.isEmpty()) {
            store(alerts, batchId);
        }
        if (!late.isEmpty()) {
            storeLate(late);
        }
        if (!suppressed.isEmpty()) {
            storeSuppressed(suppressed, batchId);
        }
        if (!frames.isEmpty()) {
            storeFrames(frames);
        }
        if (!alerts.isEmpty() || !late.isEmpty() || !frames.isEmpty() || !suppressed.isEmpty()) {
            LOG.info(String.format("batch %d: alerts fired=%d updated=%d resolved=%d suppressed=%d | frames analysed %d, evidence %d of %d (read back and stored in %.2f s) | quarantined %d (late inputs, refused frames) | %s | %.2f s",
                    batchId, count(alerts, AlertState.FIRING), count(alerts, AlertState.UPDATED), count(alerts, AlertState.RESOLVED),
                    suppressed.size(), frames.size(), evidenceStored, evidence.size(), readBack / 1e9, late.size(), outcome,
                    (System.nanoTime() - t0) / 1e9));
        }
        suppressed.forEach(x -> LOG.info(describe(x)));
    }

    /** The operator's line for one suppression: what was held back, and by what. */
    static String describe(Suppression x) {
        String by = switch (x.reason()) {
            case SILENCED -> "silence " + x.by();
            case INHIBITED -> "inhibiting alert " + x.by();
            case COOLDOWN -> "cooldown after alert " + x.by();
            case DISARMED -> "arming rule " + x.by();
        };
        return String.format("suppressed %s %s in zone %s at %s (%s): %s", x.severity().id(), x.type().id(), x.zone(), x.at(),
                x.reason().name().toLowerCase(java.util.Locale.ROOT), by);
    }

    private static long count(List<Alert> alerts, AlertState s) { return alerts.stream().filter(a -> a.state() == s).count(); }

    /** The alert-job's writers on the endpoint's session, made (and their statements prepared) once per JVM. */
    private record Owners(AlertTables alerts, RawTables raw, QuarantineTable quarantine, SuppressionTables suppressions) {}

    private Owners owners() {
        if (owners == null) {
            CqlSession s = cassandra.session();
            String ks = cassandra.keyspace();
            owners = new Owners(new AlertTables(s, ks), cassandra.raw(), cassandra.quarantine(), new SuppressionTables(s, ks));
        }
        return owners;
    }

    /** Upserts in event order: the last event of an alert in the batch leaves its final state. */
    private void store(List<Alert> alerts, long batchId) {
        CqlSession s = cassandra.session();
        for (Alert a : alerts) {
            s.execute(owners().alerts().write(a, batchId).setConsistencyLevel(cassandra.writeLevel()));
        }
    }

    /** Frame features onto their rows: a batch holds a few dozen frames per camera. */
    private void storeFrames(List<FrameRow> frames) {
        writeConcurrently(frames.stream().map(f -> owners().raw().frameFeatures(f.cameraId(), f.ts(), f.seq(), f.peopleCount(),
                f.motionEnergy(), f.blobCount(), f.tracksJson())));
    }

    private void writeConcurrently(Stream<? extends Statement<?>> statements) {
        cassandra.upsertAll(statements.iterator(), IN_FLIGHT);
    }

    /**
     * Each evidence frame's JPEG read back from Kafka, with its boxes drawn, onto its row; returns
     * how many were stored. One that cannot be read (gone, or Kafka not answering in time) leaves
     * its alert, already published, without that row: said in the log, and the batch goes on.
     */
    private int storeEvidence(List<EvidenceFrame> evidence) {
        Map<RecordCoordinates, byte[]> originals = frameFetch().values(evidence.stream().map(EvidenceFrame::source).toList());
        CqlSession s = cassandra.session();
        int stored = 0;
        for (EvidenceFrame e : evidence) {
            byte[] original = originals.get(e.source());
            byte[] jpeg = original == null ? null : e.annotated(original);
            if (jpeg == null) {
                LOG.warn("evidence frame of alert {} (camera {} at {}) not stored: its JPEG at {} {}", e.alertId(), e.cameraId(), e.ts(),
                        e.source(), original == null ? "could not be read back from Kafka" : "does not decode");
                continue;
            }
            s.execute(owners().alerts().evidence(e.alertId(), e.cameraId(), e.ts(), jpeg, e.boxesJson()));
            stored++;
        }
        return stored;
    }

    /**
     * The dead letters with the frames' bytes read back from Kafka (the detect query carries none);
     * a frame that cannot be read keeps an empty payload and a detail that says so and where it is.
     */
    private List<DeadLetter> withFramePayloads(List<DeadLetter> late) {
        List<RecordCoordinates> wanted = late.stream().filter(d -> d.sourceTopic().equals(topics.frames()))
                .map(d -> new RecordCoordinates(d.sourceTopic(), d.sourcePartition(), d.sourceOffset())).toList();
        if (wanted.isEmpty()) {
            return late;
        }
        Map<RecordCoordinates, byte[]> values = frameFetch().values(wanted);
        return late.stream().map(d -> d.sourceTopic().equals(topics.frames()) ? withPayload(d, values) : d).toList();
    }

    /** A frame's dead letter with its payload, or with a detail that says where it is when it could not be read. */
    static DeadLetter withPayload(DeadLetter d, Map<RecordCoordinates, byte[]> values) {
        RecordCoordinates at = new RecordCoordinates(d.sourceTopic(), d.sourcePartition(), d.sourceOffset());
        byte[] value = values.get(at);
        if (value == null) {
            LOG.warn("quarantined frame {}: its bytes could not be read back from Kafka; quarantined without them", at);
        }
        return DeadLetter.of(d.sourceTopic(), d.sourcePartition(), d.sourceOffset(), d.key(), d.reason(),
                value != null ? d.detail() : d.detail() + " (the frame's bytes could not be read back from Kafka at " + at + ")",
                value, d.quarantinedAt());
    }

    private FrameFetch frameFetch() {
        if (frameFetch == null) {
            frameFetch = new FrameFetch(bootstrap, kafka);
        }
        return frameFetch;
    }

    /** Upserts keyed by time, fingerprint and cause: a replayed batch writes the same rows. */
    private void storeSuppressed(List<Suppression> suppressed, long batchId) {
        CqlSession s = cassandra.session();
        for (Suppression x : suppressed) {
            var row = new SuppressionTables.Suppressed(x.at(), x.reason().name().toLowerCase(java.util.Locale.ROOT), x.type().id(), x.zone(),
                    x.severity().id(), x.fingerprint(), x.by());
            for (var b : owners().suppressions().write(row, batchId)) {
                s.execute(b.setConsistencyLevel(cassandra.writeLevel()));
            }
        }
    }

    /** Late inputs, keyed like every quarantine row by their source coordinates: a replay overwrites. */
    private void storeLate(List<DeadLetter> late) {
        writeConcurrently(late.stream().map(d -> owners().quarantine().write(d)));
    }

    /** Returns false when this batch id was already committed (a replay). */
    private boolean publish(List<Alert> alerts, List<DeadLetter> late, long batchId) {
        KafkaProducer<byte[], byte[]> p = producer();
        if (batchId <= lastCommittedBatch) {
            return false;
        }
        // Rendered before the transaction opens: a mapping failure must not leave one half-written.
        Registry registry = alerts.isEmpty() ? null : cassandra.registry().get();
        List<byte[]> capDocuments = alerts.stream().map(a -> Cap.toXml(a, registry == null ? CapArea.of(a.zone()) : registry.capArea(a.zone()), cap)).toList();
        p.beginTransaction();
        try {
            for (int i = 0; i < alerts.size(); i++) {
                Alert a = alerts.get(i);
                byte[] key = a.fingerprint().getBytes(StandardCharsets.UTF_8);
                p.send(new ProducerRecord<>(topics.alerts(), key, AlertCodec.encode(a)));
                p.send(new ProducerRecord<>(topics.alertsCap(), key, capDocuments.get(i)));
            }
            for (DeadLetter d : late) {
                p.send(new ProducerRecord<>(topics.deadLetter(), d.coordinates().getBytes(StandardCharsets.UTF_8), DeadLetterCodec.encode(d)));
            }
            p.send(new ProducerRecord<>(commitTopic(), queryName.getBytes(StandardCharsets.UTF_8),
                    Long.toString(batchId).getBytes(StandardCharsets.UTF_8)));
            p.commitTransaction();
        } catch (RuntimeException e) {
            // Fenced or broken: drop the producer; the batch fails and Spark retries it.
            closeProducer();
            throw e;
        }
        lastCommittedBatch = batchId;
        return true;
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Properties props = kafka.applyTo(new Properties());
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "safety-watcher-alerts-" + Integer.toHexString(queryName.hashCode()));
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
            // Fences any earlier instance (a crashed run) and aborts its open transaction.
            producer.initTransactions();
            lastCommittedBatch = readLastCommittedBatch();
        }
        return producer;
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

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(5));
            } catch (RuntimeException ignored) {
                // already broken
            }
            producer = null;
        }
    }
}
