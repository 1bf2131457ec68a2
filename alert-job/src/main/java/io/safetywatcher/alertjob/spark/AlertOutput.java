package io.safetywatcher.alertjob.spark;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.safetywatcher.alertjob.lifecycle.Suppression;
import io.safetywatcher.common.cap.Cap;
import io.safetywatcher.common.cap.CapArea;
import io.safetywatcher.common.cap.CapSettings;
import io.safetywatcher.common.codec.AlertCodec;
import io.safetywatcher.common.codec.DeadLetterCodec;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.DeadLetter;
import io.safetywatcher.common.security.KafkaAccess;
import io.safetywatcher.store.alerts.AlertTables;
import io.safetywatcher.store.quarantine.QuarantineTable;
import io.safetywatcher.store.raw.RawTables;
import io.safetywatcher.store.registry.Registry;
import io.safetywatcher.store.suppressions.SuppressionTables;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Where a batch's zone events go, whichever engine computed them: the alerts (as JSON and as
 * CAP 1.2, keyed by fingerprint) and the dead letters of set-aside inputs in one Kafka
 * transaction with what the engine commits beside them (a batch id, or its state and offsets),
 * then the rows (evidence frames, alerts, quarantine, suppressions, frame features) as upserts,
 * so writing them again after a crash changes nothing.
 */
public final class AlertOutput implements AutoCloseable, java.io.Serializable {
    private static final Logger LOG = LoggerFactory.getLogger("alerts");
    /** Writes of a batch's independent rows in flight at once. */
    static final int IN_FLIGHT = 64;

    private final CassandraEndpoint cassandra;
    private final String bootstrap;
    private final KafkaAccess kafka;
    private final Topics topics;
    private final CapSettings cap;
    private final String transactionalId;
    private transient KafkaProducer<byte[], byte[]> producer;
    private transient Owners owners;
    private transient FrameFetch frameFetch;

    public AlertOutput(CassandraEndpoint cassandra, String bootstrap, KafkaAccess kafka, Topics topics, CapSettings cap, String transactionalId) {
        this.cassandra = cassandra;
        this.bootstrap = bootstrap;
        this.kafka = kafka;
        this.topics = topics;
        this.cap = cap;
        this.transactionalId = transactionalId;
    }

    /** A batch's events by kind. */
    public record Events(List<Alert> alerts, List<DeadLetter> late, List<FrameRow> frames, List<EvidenceFrame> evidence,
                         List<Suppression> suppressed) {
        public static Events of(Collection<ZoneEvent> events) {
            return new Events(events.stream().filter(e -> e.alert() != null).map(ZoneEvent::alert).toList(),
                    events.stream().filter(e -> e.late() != null).map(ZoneEvent::late).toList(),
                    events.stream().filter(e -> e.frame() != null).map(ZoneEvent::frame).toList(),
                    events.stream().filter(e -> e.evidence() != null).map(ZoneEvent::evidence).toList(),
                    events.stream().filter(e -> e.suppressed() != null).map(ZoneEvent::suppressed).toList());
        }

        /** Something for the topics: a transaction is opened only then. */
        public boolean toPublish() { return !alerts.isEmpty() || !late.isEmpty(); }

        public boolean isEmpty() { return !toPublish() && frames.isEmpty() && evidence.isEmpty() && suppressed.isEmpty(); }

        public Events withLate(List<DeadLetter> l) { return new Events(alerts, l, frames, evidence, suppressed); }
    }

    /** Frames' bytes by their Kafka coordinates; those it cannot give are absent. */
    public interface FrameSource extends Function<Collection<RecordCoordinates>, Map<RecordCoordinates, byte[]>> {}

    /** Reads frames back from Kafka (one consumer for this output's life). */
    public FrameSource fromKafka() {
        return wanted -> {
            synchronized (this) { // one consumer, not safe for two threads
                if (frameFetch == null) {
                    frameFetch = new FrameFetch(bootstrap, kafka);
                }
                return frameFetch.values(wanted);
            }
        };
    }

    /** The transactional producer, made once; {@code onInit} runs after it has fenced any earlier instance. */
    public KafkaProducer<byte[], byte[]> producer(Runnable onInit) {
        if (producer == null) {
            Properties props = kafka.applyTo(new Properties());
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            // A zone's state goes in the direct engine's transactions: room for a large one.
            props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(16 << 20));
            producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
            // Fences any earlier instance (a crashed run) and aborts its open transaction.
            producer.initTransactions();
            onInit.run();
        }
        return producer;
    }

    /**
     * One transaction: the alerts on both alert topics, the dead letters, and what {@code more}
     * adds. Fenced or broken, the producer is dropped and the exception goes on to the caller.
     */
    public void publish(List<Alert> alerts, List<DeadLetter> late, Consumer<KafkaProducer<byte[], byte[]>> more) {
        KafkaProducer<byte[], byte[]> p = producer(() -> { });
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
            more.accept(p);
            p.commitTransaction();
        } catch (RuntimeException e) {
            closeProducer();
            throw e;
        }
    }

    /**
     * The rows of published (or nothing-to-publish) events. Alert rows go one after another in event order (the last event of an alert leaves
     * its final state), the rest concurrently.
     */
    public Stored store(Events e, long batchId, FrameSource frames) {
        long t0 = System.nanoTime();
        int evidenceStored = e.evidence().isEmpty() ? 0 : storeEvidence(e.evidence(), frames);
        double evidenceSeconds = (System.nanoTime() - t0) / 1e9;
        CqlSession s = cassandra.session();
        for (Alert a : e.alerts()) {
            s.execute(owners().alerts().write(a, batchId).setConsistencyLevel(cassandra.writeLevel()));
        }
        if (!e.late().isEmpty()) {
            writeConcurrently(e.late().stream().map(d -> owners().quarantine().write(d)));
        }
        for (Suppression x : e.suppressed()) {
            var row = new SuppressionTables.Suppressed(x.at(), x.reason().name().toLowerCase(java.util.Locale.ROOT), x.type().id(), x.zone(),
                    x.severity().id(), x.fingerprint(), x.by());
            for (var b : owners().suppressions().write(row, batchId)) {
                s.execute(b.setConsistencyLevel(cassandra.writeLevel()));
            }
        }
        if (!e.frames().isEmpty()) {
            writeConcurrently(e.frames().stream().map(f -> owners().raw().frameFeatures(f.cameraId(), f.ts(), f.seq(), f.peopleCount(),
                    f.motionEnergy(), f.blobCount(), f.tracksJson())));
        }
        e.suppressed().forEach(x -> LOG.info(describe(x)));
        return new Stored(evidenceStored, evidenceSeconds);
    }

    /** How many evidence frames were stored, and the seconds their JPEGs took to get and store. */
    public record Stored(int evidence, double evidenceSeconds) {}

    /** The operator's line for a batch that had something in it. */
    public static String line(String batch, Events e, Stored stored, String outcome, double seconds) {
        int evidenceStored = stored.evidence();
        double readBackSeconds = stored.evidenceSeconds();
        return String.format("%s: alerts fired=%d updated=%d resolved=%d suppressed=%d | frames analysed %d, evidence %d of %d (read back and stored in %.2f s) | quarantined %d (late inputs, refused frames) | %s | %.2f s",
                batch, count(e.alerts(), AlertState.FIRING), count(e.alerts(), AlertState.UPDATED), count(e.alerts(), AlertState.RESOLVED),
                e.suppressed().size(), e.frames().size(), evidenceStored, e.evidence().size(), readBackSeconds, e.late().size(), outcome, seconds);
    }

    private static long count(List<Alert> alerts, AlertState s) { return alerts.stream().filter(a -> a.state() == s).count(); }

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

    /** The alert-job's writers on the endpoint's session, made (and their statements prepared) once. */
    private record Owners(AlertTables alerts, RawTables raw, QuarantineTable quarantine, SuppressionTables suppressions) {}

    private Owners owners() {
        if (owners == null) {
            CqlSession s = cassandra.session();
            String ks = cassandra.keyspace();
            owners = new Owners(new AlertTables(s, ks), cassandra.raw(), cassandra.quarantine(), new SuppressionTables(s, ks));
        }
        return owners;
    }

    private void writeConcurrently(Stream<? extends Statement<?>> statements) {
        cassandra.upsertAll(statements.iterator(), IN_FLIGHT);
    }

    /**
     * Each evidence frame's JPEG, with its boxes drawn, onto its row. One whose JPEG cannot be had
     * (gone, or Kafka not answering in time) leaves its alert, already published, without that
     * row: said in the log, and the batch goes on.
     */
    private int storeEvidence(List<EvidenceFrame> evidence, FrameSource frames) {
        Map<RecordCoordinates, byte[]> originals = frames.apply(evidence.stream().map(EvidenceFrame::source).toList());
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
     * The dead letters with the frames' bytes put back (the zone step carries none); a frame
     * whose bytes cannot be had keeps an empty payload and a detail that says so and where it is.
     */
    public List<DeadLetter> withFramePayloads(List<DeadLetter> late, FrameSource frames) {
        List<RecordCoordinates> wanted = late.stream().filter(d -> d.sourceTopic().equals(topics.frames()) && d.rawSize() == 0)
                .map(d -> new RecordCoordinates(d.sourceTopic(), d.sourcePartition(), d.sourceOffset())).toList();
        if (wanted.isEmpty()) {
            return late;
        }
        Map<RecordCoordinates, byte[]> values = frames.apply(wanted);
        return late.stream().map(d -> d.sourceTopic().equals(topics.frames()) && d.rawSize() == 0 ? withPayload(d, values) : d).toList();
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

    @Override
    public void close() {
        closeProducer();
        if (frameFetch != null) {
            frameFetch.close();
            frameFetch = null;
        }
    }
}
