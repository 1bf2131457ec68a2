package io.safetywatcher.cluster;

import io.safetywatcher.common.codec.ReadingCodec;
import io.safetywatcher.common.event.Reading;
import io.safetywatcher.common.event.SensorType;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The drill's own records, on a thread of its own: quiet sound levels from a few sensors at a
 * steady rate, and every {@code probeEvery} a gunshot from a probe sensor not used before. It
 * counts what the brokers acknowledged (acks=all, idempotent producer), by sensor, and when each
 * probe was acknowledged; a record the producer gave up on is not counted.
 */
final class DrillTraffic implements AutoCloseable {
    static final String ZONE = "drill";

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final List<String> background;
    private final List<String> probeSensors;
    private final int ratePerSecond;
    private final Duration probeEvery;
    private final ReadingCodec codec = ReadingCodec.standard();
    private final Map<String, AtomicLong> acknowledged = new ConcurrentHashMap<>();
    private final List<DrillOutcome.Probe> probes = new CopyOnWriteArrayList<>();
    private final AtomicLong failed = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    DrillTraffic(String bootstrap, String topic, List<String> background, List<String> probeSensors, int ratePerSecond, Duration probeEvery) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.background = background;
        this.probeSensors = probeSensors;
        this.ratePerSecond = ratePerSecond;
        this.probeEvery = probeEvery;
        this.thread = new Thread(this::run, "drill-traffic");
        thread.setDaemon(true);
        thread.start();
    }

    static List<String> sensors(String kind, int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            ids.add(String.format("drill-%s-%04d", kind, i));
        }
        return ids;
    }

    private void run() {
        long t0 = System.nanoTime();
        long sent = 0;
        long probesSent = 0;
        long seq = 0;
        while (running && probesSent < probeSensors.size()) {
            long elapsed = System.nanoTime() - t0;
            long owed = ratePerSecond * elapsed / 1_000_000_000L - sent;
            for (long i = 0; i < owed; i++, sent++) {
                send(background.get((int) (sent % background.size())), SensorType.SOUND_LEVEL, 50 + sent % 5, ++seq, false);
            }
            if (elapsed >= probeEvery.toNanos() * (probesSent + 1)) {
                send(probeSensors.get((int) probesSent++), SensorType.GUNSHOT, 0.95, ++seq, true);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void send(String sensor, SensorType type, double value, long seq, boolean probe) {
        Instant now = Instant.now();
        byte[] json = codec.encode(Reading.of(sensor, type, now, value, seq));
        producer.send(new ProducerRecord<>(topic, sensor.getBytes(StandardCharsets.UTF_8), json), (m, e) -> {
            if (e != null) {
                failed.incrementAndGet();
                return;
            }
            acknowledged.computeIfAbsent(sensor, k -> new AtomicLong()).incrementAndGet();
            if (probe) {
                probes.add(new DrillOutcome.Probe(sensor, now.toEpochMilli()));
            }
        });
    }

    /** Stops sending and waits for the outstanding acknowledgements. */
    void stop() throws InterruptedException {
        running = false;
        thread.join(5000);
        producer.flush();
    }

    List<DrillOutcome.Probe> probes() { return List.copyOf(probes); }

    Map<String, Long> acknowledged() {
        Map<String, Long> m = new java.util.TreeMap<>();
        acknowledged.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    long failed() { return failed.get(); }

    @Override
    public void close() { producer.close(Duration.ofSeconds(10)); }
}
