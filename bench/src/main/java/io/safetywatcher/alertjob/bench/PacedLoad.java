package io.safetywatcher.alertjob.bench;

import io.safetywatcher.common.codec.ReadingCodec;
import io.safetywatcher.common.event.Reading;
import io.safetywatcher.common.event.SensorType;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The alert-latency load: background sound readings at a steady rate, sent in 10 ms ticks as
 * a city's sensors would trickle in, and, when asked, probe readings (a gunshot or a panic
 * press) at scheduled moments, each from a sensor of its own (a fingerprint of its own, so
 * each one fires and no cooldown interferes). Event time is the moment of sending, as a
 * device stamps it.
 */
final class PacedLoad {
    private static final long TICK_NANOS = Duration.ofMillis(10).toNanos();

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final List<BenchSensor> background;
    private final int ratePerSecond;
    private final ReadingCodec codec = ReadingCodec.standard();
    private final Map<String, Long> seq = new HashMap<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private int next;

    PacedLoad(KafkaProducer<byte[], byte[]> producer, String topic, List<BenchSensor> background, int ratePerSecond) {
        this.producer = producer;
        this.topic = topic;
        this.background = background;
        this.ratePerSecond = ratePerSecond;
    }

    /** A probe reading due {@code after} the start of a run, from {@code sensor}. */
    record Shot(Duration after, BenchSensor sensor) {}

    /** Shots every {@code every} from the given sensors, one each, the first after one period. */
    static List<Shot> every(Duration every, List<BenchSensor> sensors) {
        List<Shot> shots = new ArrayList<>(sensors.size());
        for (int i = 0; i < sensors.size(); i++) {
            shots.add(new Shot(every.multipliedBy(i + 1L), sensors.get(i)));
        }
        return shots;
    }

    /**
     * Sends for {@code duration}, or until {@code done} says so; each shot (in time order) is
     * sent in the first tick at or after its moment, next to that tick's background readings.
     * Returns each shot sensor's reading event time.
     */
    Map<String, Instant> run(Duration duration, List<Shot> shots, BooleanSupplier done) {
        Map<String, Instant> sentShots = new LinkedHashMap<>();
        Iterator<Shot> pending = shots.iterator();
        Shot nextShot = pending.hasNext() ? pending.next() : null;
        long t0 = System.nanoTime();
        long ticks = duration.toNanos() / TICK_NANOS;
        long sent = 0;
        for (long tick = 1; tick <= ticks && !done.getAsBoolean(); tick++) {
            long due = t0 + tick * TICK_NANOS;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            while (nextShot != null && System.nanoTime() - t0 >= nextShot.after().toNanos()) {
                BenchSensor s = nextShot.sensor();
                sentShots.put(s.id(), send(s, s.type() == SensorType.GUNSHOT ? 0.95 : 1.0));
                nextShot = pending.hasNext() ? pending.next() : null;
            }
            long owed = ratePerSecond * tick * TICK_NANOS / 1_000_000_000L - sent;
            for (long i = 0; i < owed; i++, sent++) {
                send(background.get(next++ % background.size()), 55 + (sent * 7 % 11));
            }
        }
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("producing the paced readings failed: " + failure.get().getMessage(), failure.get());
        }
        return sentShots;
    }

    private Instant send(BenchSensor s, double value) {
        Instant now = Instant.now();
        long n = seq.merge(s.id(), 1L, Long::sum);
        byte[] json = codec.encode(Reading.of(s.id(), s.type(), now, value, n));
        producer.send(new ProducerRecord<>(topic, s.id().getBytes(StandardCharsets.UTF_8), json), (m, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
        return now;
    }
}
