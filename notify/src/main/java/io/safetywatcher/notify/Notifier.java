package io.safetywatcher.notify;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.safetywatcher.common.codec.AlertCodec;
import io.safetywatcher.common.codec.Decoded;
import io.safetywatcher.common.config.ConfigException;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.security.KafkaAccess;
import io.safetywatcher.cql.CqlSessions;
import io.safetywatcher.notify.deliver.Bodies;
import io.safetywatcher.notify.deliver.Body;
import io.safetywatcher.notify.deliver.Dispatcher;
import io.safetywatcher.notify.group.AlertEvent;
import io.safetywatcher.notify.group.Grouper;
import io.safetywatcher.notify.group.Notification;
import io.safetywatcher.notify.group.OffsetTracker;
import io.safetywatcher.notify.route.Route;
import io.safetywatcher.notify.route.Routing;
import io.safetywatcher.common.cap.CapSettings;
import io.safetywatcher.store.delivery.DeliveryTable;
import io.safetywatcher.store.registry.Registry;
import io.safetywatcher.store.registry.RegistryTable;
import io.safetywatcher.store.delivery.DeliveryTable.EventRef;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The notify loop: a consumer group on the alert topic (committed transactions only) routes each
 * event, groups it, and hands due notifications to the {@link Dispatcher}. Offsets are committed
 * only up to the oldest event some receiver is not done with; an event the delivery log says a
 * receiver already acknowledged (or dead-lettered) is not given to that receiver again, so a
 * restart loses nothing and re-sends nothing acknowledged. Grouping and offsets are touched by
 * the loop's thread only; delivery threads report back through a queue.
 */
public final class Notifier implements AutoCloseable {
    private final WatcherConfig config;
    private final Routing routing;
    private final Consumer<String> out;
    private final Consumer<String> warn;
    /** A zone's own time zone, where known; null: the routing file's default. */
    private final Function<String, ZoneId> zoneTime;
    private final Map<String, Body> bodies;
    /** The registry as last read (at start, then every {@link #REGISTRY_REFRESH}): zones' time zones and CAP areas. */
    private final AtomicReference<Registry> registry = new AtomicReference<>(Registry.empty());
    private static final Duration REGISTRY_REFRESH = Duration.ofMinutes(1);
    private final ConcurrentLinkedQueue<Dispatcher.Finished> finished = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private final CountDownLatch assigned = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean stop;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    public Notifier(WatcherConfig config, Routing routing, Consumer<String> out, Consumer<String> warn) {
        this.config = config;
        this.routing = routing;
        this.out = out;
        this.warn = warn;
        // A zone's own time zone (the registry's zones.timezone) decides a time matcher without one of its own.
        this.zoneTime = zone -> registry.get().zone(zone).map(z -> z.timezone() == null || z.timezone().isBlank() ? null
                : z.timeZoneOrUtc()).orElse(null);
        this.bodies = Bodies.forWebhooks(routing.receivers().values(), CapSettings.of(config), registry::get);
        String from = config.get("notify.from");
        if (!from.equals("latest") && !from.equals("earliest")) {
            throw new ConfigException("notify.from is latest or earliest, not '" + from + "'");
        }
    }

    /** Starts the loop on its own thread; {@link #close()} stops it. */
    public Notifier start() {
        CqlSession session = CqlSessions.builder(config).build();
        DeliveryTable table;
        try {
            table = new DeliveryTable(session, config.get("cassandra.keyspace"),
                    DefaultConsistencyLevel.valueOf(config.get("cassandra.consistency.write")),
                    DefaultConsistencyLevel.valueOf(config.get("cassandra.consistency.read")));
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        RegistryTable registryTable = new RegistryTable(session, config.get("cassandra.keyspace"));
        try {
            registry.set(registryTable.read());
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        Dispatcher dispatcher;
        try {
            dispatcher = new Dispatcher(bodies, table, out, finished::add, e -> fatal.compareAndSet(null, e));
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        consumer = new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(() -> {
            try {
                loop(table, dispatcher, registryTable);
            } catch (Throwable e) {
                fatal.compareAndSet(null, e);
            } finally {
                dispatcher.close(config.getDuration("notify.stop-grace"));
                try {
                    try {
                        drainAndCommit();
                    } catch (WakeupException e) {
                        drainAndCommit(); // a stop's wakeup arrived after the loop ended: it is used up now
                    }
                } catch (RuntimeException e) {
                    warn.accept("last offset commit failed (the restart re-reads from the previous commit; the delivery log "
                            + "keeps acknowledged events from going out twice): " + e.getMessage());
                }
                consumer.close(Duration.ofSeconds(5));
                session.close();
                ended.countDown();
            }
        }, "notify-loop");
        thread.start();
        return this;
    }

    private Properties consumerProperties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("kafka.bootstrap"));
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.get("notify.group"));
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, config.get("notify.from"));
        return KafkaAccess.of(config).applyTo(p);
    }

    // The loop's state, its thread only.
    private final Grouper grouper = new Grouper();
    private final OffsetTracker tracker = new OffsetTracker();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private DeliveryTable table;

    private void loop(DeliveryTable table, Dispatcher dispatcher, RegistryTable registryTable) {
        this.table = table;
        String topic = Topics.of(config).alerts();
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                commit();
                partitions.forEach(tp -> {
                    tracker.forget(tp.partition());
                    committed.remove(tp);
                });
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                commit(); // a group that never committed would otherwise start at 'latest' again after a restart
                assigned.countDown();
            }
        });
        try {
            long registryReadAt = System.nanoTime();
            while (!stop) {
                if (System.nanoTime() - registryReadAt > REGISTRY_REFRESH.toNanos()) {
                    registryReadAt = System.nanoTime();
                    try {
                        registry.set(registryTable.read());
                    } catch (RuntimeException e) {
                        warn.accept("could not re-read the registry (keeping the one read before): " + e.getMessage());
                    }
                }
                drainAndCommit();
                Throwable f = fatal.get();
                if (f != null) {
                    throw f instanceof RuntimeException re ? re : new IllegalStateException(f);
                }
                Instant now = Instant.now();
                long waitMs = grouper.nextDue().map(d -> Duration.between(now, d).toMillis()).orElse(200L);
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(Math.max(5, Math.min(200, waitMs))))) {
                    take(r);
                }
                for (Notification n : grouper.due(Instant.now())) {
                    dispatcher.send(n, routing.receiver(n.route()));
                }
            }
        } catch (WakeupException e) {
            // stopped
        }
    }

    private void take(ConsumerRecord<byte[], byte[]> r) {
        Decoded<Alert> d = AlertCodec.decode(r.value());
        if (!d.isOk()) {
            // Only the alert job writes this topic; a record it cannot have written is skipped, said, and committed past.
            warn.accept("skipped an undecodable record at " + r.topic() + "/" + r.partition() + "@" + r.offset() + ": " + d.rejection());
            return;
        }
        AlertEvent e = new AlertEvent(d.value(), r.partition(), r.offset());
        Instant now = Instant.now();
        int owed = 0;
        for (Route route : routing.route(e.alert(), now, zoneTime)) {
            if (table.done(route.receiver(), new EventRef(e.alert().id(), e.eventKey()))) {
                continue; // acknowledged or dead-lettered before a restart
            }
            grouper.add(route, e, now);
            owed++;
        }
        tracker.read(e.partition(), e.offset(), owed);
    }

    /** Takes what delivery finished, then commits what is now safe. */
    private void drainAndCommit() {
        for (Dispatcher.Finished f; (f = finished.poll()) != null; ) {
            grouper.finished(f.notification());
            if (!f.notification().repeat()) {
                f.notification().events().forEach(e -> tracker.done(e.partition(), e.offset()));
            }
        }
        commit();
    }

    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            long point = tracker.commitPoint(tp.partition(), consumer.position(tp));
            if (!Long.valueOf(point).equals(committed.get(tp))) {
                offsets.put(tp, new OffsetAndMetadata(point));
            }
        }
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
            offsets.forEach((tp, o) -> committed.put(tp, o.offset()));
        }
    }

    /** Waits until the group has its partitions (tests and the bench publish only after this). */
    public boolean awaitAssigned(Duration timeout) throws InterruptedException {
        return assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Blocks until the loop ends; its failure, if it failed. */
    public void await() throws InterruptedException {
        ended.await();
        Throwable f = fatal.get();
        if (f != null) {
            throw f instanceof RuntimeException re ? re : new IllegalStateException(f);
        }
    }

    /** Stops: no new attempts, answers on their way are waited for briefly, safe offsets committed. */
    @Override
    public void close() throws InterruptedException {
        stop = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        ended.await();
    }
}
