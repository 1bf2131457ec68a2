package io.safetywatcher.console;

import io.safetywatcher.common.cap.CapMessage;
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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Keeps {@link CapFeed} filled from the CAP topic: a {@code read_committed} consumer on all of
 * the topic's partitions (assigned, no consumer group, no committed offsets: the feed is
 * rebuilt from the topic's tail at every start), starting {@code capacity} records before each
 * partition's end. A record that is not a CAP document is logged and skipped. While the topic
 * or the broker is missing it retries; the feed meanwhile serves what it has.
 */
final class CapFeedReader implements AutoCloseable {
    private static final Duration RETRY = Duration.ofSeconds(5);

    private final String bootstrap;
    private final KafkaAccess access;
    private final String topic;
    private final CapFeed feed;
    private final Consumer<String> log;
    private final Thread thread;
    private volatile boolean closed;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    CapFeedReader(String bootstrap, KafkaAccess access, String topic, CapFeed feed, Consumer<String> log) {
        this.bootstrap = bootstrap;
        this.access = access;
        this.topic = topic;
        this.feed = feed;
        this.log = log;
        this.thread = new Thread(this::run, "cap-feed");
        thread.setDaemon(true);
    }

    CapFeedReader start() {
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
                    lastProblem = report(lastProblem, "CAP feed: no topic " + topic + " yet; retrying every " + RETRY.toSeconds() + " s");
                    sleep();
                    continue;
                }
                List<TopicPartition> parts = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                c.assign(parts);
                Map<TopicPartition, Long> begin = c.beginningOffsets(parts);
                Map<TopicPartition, Long> end = c.endOffsets(parts);
                for (TopicPartition tp : parts) {
                    c.seek(tp, Math.max(begin.get(tp), end.get(tp) - feed.capacity()));
                }
                log.accept("CAP feed: reading " + topic + " (" + parts.size() + " partitions, read_committed), keeping the latest "
                        + feed.capacity());
                lastProblem = null;
                while (!closed) {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofSeconds(1))) {
                        take(r);
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (KafkaException e) {
                if (closed) {
                    return;
                }
                lastProblem = report(lastProblem, "CAP feed: " + e.getClass().getSimpleName() + ": " + e.getMessage() + "; retrying in "
                        + RETRY.toSeconds() + " s");
                sleep();
            } finally {
                consumer = null;
            }
        }
    }

    private void take(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return;
        }
        try {
            feed.add(CapMessage.parse(r.value()));
        } catch (IllegalArgumentException e) {
            log.accept("CAP feed: skipped " + r.topic() + "-" + r.partition() + "@" + r.offset() + ", not a CAP document: " + e.getMessage());
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
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "watcher-console-cap-feed");
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
            c.wakeup();
        }
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
