package io.safetywatcher.alertjob.bench;

import io.safetywatcher.common.codec.ReadingCodec;
import io.safetywatcher.common.event.Reading;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The alert-latency load: background sound readings at a steady rate, sent in 10 ms ticks as
 * a city's sensors would trickle in, and, when asked, one gunshot every so often from a sensor
 * that has not fired before (a fingerprint of its own, so each one fires and no cooldown
 * interferes). Event time is the moment of sending, as a device stamps it.
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

    /**
     * Sends for {@code duration}; a gunshot replaces one background reading every
     * {@code gunshotEvery} while {@code guns} lasts (an empty iterator: none). Returns each
     * gunshot sensor's reading event time.
     */
    Map<String, Instant> run(Duration duration, Duration gunshotEvery, Iterator<BenchSensor> guns) {
        Map<String, Instant> shots = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        long ticks = duration.toNanos() / TICK_NANOS;
        long sent = 0;
        long nextShot = gunshotEvery.toNanos();
        for (long tick = 1; tick <= ticks; tick++) {
            long due = t0 + tick * TICK_NANOS;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            long owed = ratePerSecond * tick * TICK_NANOS / 1_000_000_000L - sent;
            for (long i = 0; i < owed; i++, sent++) {
                if (i == 0 && System.nanoTime() - t0 >= nextShot && guns.hasNext()) {
                    BenchSensor gun = guns.next();
                    shots.put(gun.id(), send(gun, 0.95));
                    nextShot += gunshotEvery.toNanos();
                } else {
                    send(background.get(next++ % background.size()), 55 + (sent * 7 % 11));
                }
            }
        }
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("producing the paced readings failed: " + failure.get().getMessage(), failure.get());
        }
        return shots;
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
