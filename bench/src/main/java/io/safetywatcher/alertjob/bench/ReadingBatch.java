package io.safetywatcher.alertjob.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.safetywatcher.common.codec.ReadingCodec;
import io.safetywatcher.common.event.Reading;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The throughput set: sound-level readings dealt round-robin over the sensors, their event
 * times packed into a span shorter than the job's allowed lateness, so none is ever behind the
 * detect query's watermark and every one is persisted rather than quarantined as late. It
 * remembers where each record landed in Kafka, so the bare loop can write the very rows the
 * job wrote.
 */
final class ReadingBatch {
    private final List<BenchSensor> sensors;
    private final String zone;
    private final Reading[] readings;
    private final int[] partitions;
    private final long[] offsets;
    private String topic;

    private ReadingBatch(List<BenchSensor> sensors, String zone, Reading[] readings) {
        this.sensors = sensors;
        this.zone = zone;
        this.readings = readings;
        this.partitions = new int[readings.length];
        this.offsets = new long[readings.length];
    }

    /** {@code n} readings between {@code start} and {@code start + span}; values a quiet street's 55-65 dB. */
    static ReadingBatch generate(List<BenchSensor> sensors, String zone, int n, Instant start, Duration span) {
        Reading[] rs = new Reading[n];
        int k = sensors.size();
        for (int i = 0; i < n; i++) {
            BenchSensor s = sensors.get(i % k);
            Instant t = start.plusMillis(i * span.toMillis() / n);
            rs[i] = Reading.of(s.id(), s.type(), t, 55 + (i * 7 % 11), i / k);
        }
        return new ReadingBatch(sensors, zone, rs);
    }

    int size() { return readings.length; }

    Reading reading(int i) { return readings[i]; }

    int partition(int i) { return partitions[i]; }

    long offset(int i) { return offsets[i]; }

    String topic() { return topic; }

    String zone() { return zone; }

    /** Sends every reading, keyed by sensor, and waits for all acknowledgements; returns the nanoseconds it took. */
    long produce(KafkaProducer<byte[], byte[]> producer, String topic) {
        this.topic = topic;
        ReadingCodec codec = ReadingCodec.standard();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < readings.length; i++) {
            int index = i;
            producer.send(new ProducerRecord<>(topic, readings[i].sensorId().getBytes(StandardCharsets.UTF_8), codec.encode(readings[i])),
                    (meta, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        } else {
                            partitions[index] = meta.partition();
                            offsets[index] = meta.offset();
                        }
                    });
        }
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("producing the readings failed: " + failure.get().getMessage(), failure.get());
        }
        return System.nanoTime() - t0;
    }

    /** How many of these readings' rows readings_by_sensor_day holds (earlier runs' rows lie outside the time span). */
    long persisted(CqlSession session, String keyspace) {
        Instant first = readings[0].captureTime();
        Instant last = readings[readings.length - 1].captureTime();
        List<LocalDate> days = first.atZone(ZoneOffset.UTC).toLocalDate().datesUntil(last.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1))
                .toList();
        // One partition per query: an aggregate over an IN of partitions makes Cassandra warn.
        PreparedStatement count = session.prepare(io.safetywatcher.store.raw.RawTables.COUNT_READINGS.in(keyspace));
        List<CompletionStage<Long>> counts = new ArrayList<>();
        for (BenchSensor s : sensors) {
            for (LocalDate day : days) {
                counts.add(session.executeAsync(count.bind(s.id(), day, first, last)).thenApply(rs -> rs.one().getLong(0)));
            }
        }
        return counts.stream().mapToLong(c -> c.toCompletableFuture().join()).sum();
    }
}
