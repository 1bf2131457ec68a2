package io.safetywatcher.alertjob.e2e;

import io.safetywatcher.common.codec.ReadingCodec;
import io.safetywatcher.common.event.Reading;
import io.safetywatcher.common.event.SensorType;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntToDoubleFunction;
import java.util.function.LongFunction;

/**
 * A producer thread that sends readings step by step at a fixed pace until told where to
 * stop, and keeps account of what the broker acknowledged: only a record whose send completed
 * without error counts as sent. Each step sends one reading per sensor, in event-time order,
 * with the step number as the device's sequence number.
 */
final class ReadingFeed implements Runnable {
    /** One sensor's series: its id, type, and the value at each step (read when the step is sent). */
    record Series(String sensorId, SensorType type, IntToDoubleFunction value) {}

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final List<Series> series;
    private final int maxSteps;
    private final long pauseMillis;
    private final LongFunction<Instant> eventTime;
    private final ReadingCodec codec = ReadingCodec.standard();

    final Set<String> attempted = ConcurrentHashMap.newKeySet();
    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private final AtomicInteger stepsDone = new AtomicInteger();
    private volatile int stopAt = Integer.MAX_VALUE;
    private final Thread thread;

    /**
     * @param maxSteps  a bound in case the test never says where to stop
     * @param eventTime the capture time of step i (a fixed origin plus i seconds, or "now")
     */
    ReadingFeed(KafkaProducer<byte[], byte[]> producer, String topic, List<Series> series, int maxSteps, long pauseMillis,
                LongFunction<Instant> eventTime) {
        this.producer = producer;
        this.topic = topic;
        this.series = List.copyOf(series);
        this.maxSteps = maxSteps;
        this.pauseMillis = pauseMillis;
        this.eventTime = eventTime;
        this.thread = new Thread(this, "test-reading-feed");
        this.thread.setDaemon(true);
    }

    void start() { thread.start(); }

    @Override
    public void run() {
        try {
            for (int i = 0; i < maxSteps && i < stopAt; i++) {
                Instant t = eventTime.apply(i);
                for (Series s : series) {
                    Reading r = Reading.of(s.sensorId(), s.type(), t, s.value().applyAsDouble(i), i);
                    String key = TestCassandra.readingKey(r.sensorId(), r.captureTime(), r.seq());
                    attempted.add(key);
                    producer.send(TestKafka.record(topic, r.sensorId(), codec.encode(r)), (md, e) -> {
                        if (e == null) {
                            acknowledged.add(key);
                        } else {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, e);
                        }
                    });
                }
                stepsDone.incrementAndGet();
                Thread.sleep(pauseMillis);
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Steps handed to the producer so far. */
    int steps() { return stepsDone.get(); }

    /** Sends steps up to {@code step} (exclusive), then stops. */
    void stopAt(int step) { stopAt = step; }

    /** Waits until the producer has stopped and every send is answered. */
    void awaitDone(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            throw new AssertionError("the producer did not finish within " + timeout.toSeconds() + " s (" + steps() + " steps sent)");
        }
    }

    void stop() { thread.interrupt(); }

    List<String> sensorIds() {
        List<String> ids = new ArrayList<>();
        series.forEach(s -> ids.add(s.sensorId()));
        return ids;
    }
}
