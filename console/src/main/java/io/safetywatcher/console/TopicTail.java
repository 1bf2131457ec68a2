package io.safetywatcher.console;

import io.safetywatcher.common.security.KafkaAccess;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Follows the tail of one topic for a view that is rebuilt at every start (the CAP feed, the
 * desk's live alerts): a {@code read_committed} consumer on all of the topic's partitions
 * (assigned, no consumer group, no committed offsets), starting where {@link StartAt} says,
 * handing each record to the view. A record the view cannot use is the view's to log and
 * skip. While the topic or the broker is missing it retries; the view meanwhile serves what it has.
 */
public final class TopicTail implements AutoCloseable {
    private static final Duration RETRY = Duration.ofSeconds(5);

    /** Where reading starts on each partition: {@code records} before its end, or at the first record at or after {@code since}. */
    public record StartAt(long records, Instant since) {
        public static StartAt lastRecords(long n) { return new StartAt(n, null); }

        public static StartAt since(Instant t) { return new StartAt(0, t); }

        String describe() { return since == null ? "the latest " + records : "records since " + since; }
    }

    private final String name;
    private final String bootstrap;
    private final KafkaAccess access;
    private final String topic;
    private final StartAt startAt;
    private final Consumer<ConsumerRecord<byte[], byte[]>> view;
    private final Consumer<String> log;
    private final Thread thread;
    private volatile boolean closed;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    /** {@code name} says what the view is, in the log and the client id ("CAP feed", "live alerts"). */
    public TopicTail(String name, String bootstrap, KafkaAccess access, String topic, StartAt startAt,
                     Consumer<ConsumerRecord<byte[], byte[]>> view, Consumer<String> log) {
        this.name = name;
        this.bootstrap = bootstrap;
        this.access = access;
        this.topic = topic;
        this.startAt = startAt;
        this.view = view;
        this.log = log;
        this.thread = new Thread(this::run, name.replace(' ', '-'));
        thread.setDaemon(true);
    }

    public TopicTail start() {
        thread.start();
        return this;
    }

    private void run() {
        String lastProblem = null;
        while (!closed) {
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer = c;
                if (closed) {
                    return;
                }
                List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(30));
                if (infos == null || infos.isEmpty()) {
                    lastProblem = report(lastProblem, name + ": no topic " + topic + " yet; retrying every " + RETRY.toSeconds() + " s");
                    sleep();
                    continue;
                }
                List<TopicPartition> parts = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                c.assign(parts);
                seekStart(c, parts);
                log.accept(name + ": reading " + topic + " (" + parts.size() + " partitions, read_committed) from " + startAt.describe());
                lastProblem = null;
                while (!closed) {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofSeconds(1))) {
                        if (r.value() != null) {
                            view.accept(r);
                        }
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (KafkaException e) {
                if (closed) {
                    return;
                }
                lastProblem = report(lastProblem, name + ": " + e.getClass().getSimpleName() + ": " + e.getMessage() + "; retrying in "
                        + RETRY.toSeconds() + " s");
                sleep();
            } finally {
                consumer = null;
            }
        }
    }

    private void seekStart(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> parts) {
        Map<TopicPartition, Long> begin = c.beginningOffsets(parts);
        Map<TopicPartition, Long> end = c.endOffsets(parts);
        Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndTimestamp> at = Map.of();
        if (startAt.since() != null) {
            Map<TopicPartition, Long> times = new HashMap<>();
            parts.forEach(tp -> times.put(tp, startAt.since().toEpochMilli()));
            at = c.offsetsForTimes(times);
        }
        for (TopicPartition tp : parts) {
            long offset;
            if (startAt.since() == null) {
                offset = Math.max(begin.get(tp), end.get(tp) - startAt.records());
            } else {
                var found = at.get(tp);
                offset = found == null ? end.get(tp) : found.offset(); // nothing since then: only what comes next
            }
            c.seek(tp, offset);
        }
    }

    /** Logs a problem once, not once per retry. */
    private String report(String last, String problem) {
        if (!problem.equals(last)) {
            log.accept(problem);
        }
        return problem;
    }

    private Properties props() {
        Properties p = access.applyTo(new Properties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "watcher-console-" + name.replace(' ', '-'));
        return p;
    }

    private void sleep() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup(); // an interrupt as well would break the consumer's own close
        } else {
            thread.interrupt(); // waiting to retry
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
