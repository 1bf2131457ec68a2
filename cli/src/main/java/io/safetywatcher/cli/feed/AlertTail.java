package io.safetywatcher.cli.feed;

import io.safetywatcher.common.codec.AlertCodec;
import io.safetywatcher.common.codec.Decoded;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The live alert feed as a law-enforcement consumer reads it: a consumer group on the alert
 * topic, committed transactions only, offsets committed only for records already shown, so a
 * stopped tail resumes exactly after the last alert it printed.
 */
public final class AlertTail {
    /** Which alerts to show; null means any. */
    public record Filter(String zone, Severity atLeast, AlertType type) {
        public boolean matches(Alert a) {
            return (zone == null || zone.equals(a.zone())) && (atLeast == null || a.severity().atLeast(atLeast))
                    && (type == null || type == a.type());
        }
    }

    /** How a run ended. */
    public record Outcome(int shown, int skipped, int undecodable) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;

    public AlertTail(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        this.consumer = consumer;
        this.topic = topic;
    }

    /**
     * Shows matching alerts until {@code max} were shown, {@code runFor} has passed (null:
     * no limit), {@code stop} says so, or {@link #wakeup()} is called.
     */
    public Outcome run(Filter filter, boolean fromBeginning, Integer max, Duration runFor, BooleanSupplier stop,
                       Consumer<Alert> show, Consumer<String> warn) {
        // The next offset to show, per assigned partition. Committed for every partition, not only
        // those a record came from: a partition the group has never committed would otherwise
        // start at 'latest' next time and skip what arrived in between.
        Map<TopicPartition, Long> next = new HashMap<>();
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            private boolean rewound;

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                commit(next);
                partitions.forEach(next::remove);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                if (fromBeginning && !rewound) {
                    consumer.seekToBeginning(partitions);
                    rewound = true;
                }
                partitions.forEach(tp -> next.put(tp, consumer.position(tp)));
                commit(next);
            }
        });
        long deadline = runFor == null ? Long.MAX_VALUE : System.nanoTime() + runFor.toNanos();
        int shown = 0;
        int skipped = 0;
        int bad = 0;
        try {
            outer:
            while (System.nanoTime() < deadline && !stop.getAsBoolean() && (max == null || shown < max)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(250))) {
                    next.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
                    Decoded<Alert> d = AlertCodec.decode(r.value());
                    if (!d.isOk()) {
                        bad++;
                        warn.accept("skipped an undecodable record at " + r.topic() + "/" + r.partition() + "@" + r.offset() + ": "
                                + d.rejection());
                    } else if (filter.matches(d.value())) {
                        show.accept(d.value());
                        shown++;
                        if (max != null && shown >= max) {
                            break outer; // later records of this poll stay uncommitted: the next run shows them
                        }
                    } else {
                        skipped++;
                    }
                }
                // The whole poll is processed: past transaction markers too.
                consumer.assignment().forEach(tp -> next.put(tp, consumer.position(tp)));
                commit(next);
            }
        } catch (WakeupException | InterruptException e) {
            // cancelled: commit what was shown and stop
        }
        // A cancel also interrupts this thread; clear that so the last commit and close still work.
        Thread.interrupted();
        commit(next);
        return new Outcome(shown, skipped, bad);
    }

    private void commit(Map<TopicPartition, Long> next) {
        if (next.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        next.forEach((tp, o) -> offsets.put(tp, new OffsetAndMetadata(o)));
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            consumer.commitSync(offsets); // the wakeup was consumed by the first attempt
        } catch (InterruptException e) {
            Thread.interrupted(); // a late interrupt from a cancel: the shown offsets must still be committed
            consumer.commitSync(offsets);
        }
    }

    /** Safe from another thread: makes a blocked poll return at once. */
    public void wakeup() {
        consumer.wakeup();
    }
}
