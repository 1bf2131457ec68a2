package io.safetywatcher.alertjob.spark;

import io.safetywatcher.common.codec.DeadLetterCodec;
import io.safetywatcher.common.event.DeadLetter;
import io.safetywatcher.common.security.KafkaAccess;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The ingest query's dead letters onto {@code sw.deadletter}, record by record: one the broker
 * refuses (too large for the topic, say) is sent again without its raw bytes, and if even that
 * fails it is logged, so a bad dead letter never fails the batch. The quarantine table, written
 * first, keeps every one whatever happens here.
 */
final class DeadLetterTopic implements Serializable {
    private static final Logger LOG = LoggerFactory.getLogger("ingest");

    private final String bootstrap;
    private final KafkaAccess kafka;
    private final String topic;

    DeadLetterTopic(String bootstrap, KafkaAccess kafka, String topic) {
        this.bootstrap = bootstrap;
        this.kafka = kafka;
        this.topic = topic;
    }

    /** One task's dead letters, after their quarantine rows are stored. */
    void publish(List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return;
        }
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (DeadLetter d : letters) {
                acks.add(send(p, d));
            }
            p.flush();
            for (int i = 0; i < letters.size(); i++) {
                Throwable refused = failure(acks.get(i));
                if (refused != null) {
                    sendSlim(p, letters.get(i), refused);
                }
            }
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties props = kafka.applyTo(new Properties());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private Future<RecordMetadata> send(KafkaProducer<byte[], byte[]> p, DeadLetter d) {
        try {
            return p.send(new ProducerRecord<>(topic, d.coordinates().getBytes(StandardCharsets.UTF_8), DeadLetterCodec.encode(d)));
        } catch (RuntimeException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    private Throwable failure(Future<RecordMetadata> ack) {
        try {
            ack.get(60, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
    }

    /** The letter without its raw bytes (the quarantine row has them), saying why. */
    private void sendSlim(KafkaProducer<byte[], byte[]> p, DeadLetter d, Throwable refused) {
        DeadLetter slim = new DeadLetter(d.sourceTopic(), d.sourcePartition(), d.sourceOffset(), d.key(), d.reason(),
                d.detail() + " [raw bytes left out of this dead letter: " + refused.getClass().getSimpleName() + "; they are in quarantine_by_day]",
                new byte[0], d.rawSize(), d.quarantinedAt());
        Throwable again = failure(send(p, slim));
        if (again != null) {
            LOG.error("dead letter for {} ({}) not published to {}: {}; it is kept in quarantine_by_day",
                    d.coordinates(), d.reason(), topic, again.toString());
        } else {
            LOG.warn("dead letter for {} ({}) published without its raw bytes: {}", d.coordinates(), d.reason(), refused.toString());
        }
    }
}
