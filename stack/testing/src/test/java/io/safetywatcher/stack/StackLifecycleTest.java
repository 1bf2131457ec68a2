package io.safetywatcher.stack;

import com.datastax.oss.driver.api.core.CqlSession;
import io.safetywatcher.common.config.WatcherConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded stack as an operator uses it: up, status, down, up again, and recovery from a
 * kill -9 of each server. Its own stack folder and ports, apart from the shared test stack.
 */
@Tag("stack")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackLifecycleTest {
    static WatcherConfig config;
    static Stack stack;
    static final List<String> progress = new ArrayList<>();

    @BeforeAll
    static void upOnce() {
        io.safetywatcher.stack.junit.TestHome.requireIntegrationLane("StackLifecycleTest's own stack");
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("watcher.home", io.safetywatcher.stack.junit.TestHome.home().toString());
        flags.put("stack.dir", Path.of("target", "lifecycle-stack").toAbsolutePath().toString());
        flags.put("cassandra.port", Integer.toString(freePort()));
        flags.put("cassandra.storage-port", Integer.toString(freePort()));
        flags.put("kafka.port", Integer.toString(freePort()));
        flags.put("kafka.controller-port", Integer.toString(freePort()));
        flags.put("cassandra.keyspace", "lifecycle");
        config = WatcherConfig.builder().flags(flags).build();
        stack = Stack.of(config);
        stack.down(l -> { });
        io.safetywatcher.stack.junit.TestHome.delete(stack.settings().dir());
        stack.up(progress::add);
    }

    @AfterAll
    static void downAtEnd() {
        // Thrown away (the next run deletes its folder): killed, not waited for; down is tested above.
        stack.processes().forEach(p -> p.stop(Duration.ZERO));
    }

    @Test
    @Order(1)
    void upAnswersCqlAndKafkaRoundTrip() throws Exception {
        assertThat(progress).anyMatch(l -> l.startsWith("cassandra healthy")).anyMatch(l -> l.startsWith("kafka healthy"));
        try (CqlSession s = session()) {
            assertThat(s.execute("SELECT release_version FROM system.local").one().getString(0)).startsWith("5.0");
        }
        produce("roundtrip", "hello");
        assertThat(consumeAll("roundtrip")).containsExactly("hello");
    }

    @Test
    @Order(2)
    void statusReportsBothHealthyAndUpTwiceIsHarmless() {
        // The two servers; the action service starts only after provisioning (stack up), which this test does not do.
        List<Stack.ServerStatus> before = stack.status().subList(0, 2);
        assertThat(before).extracting(Stack.ServerStatus::healthy).containsExactly(true, true);
        assertThat(before).allMatch(s -> s.pid() != null && s.dataBytes() > 0 && s.rssBytes() > 0);
        List<String> again = new ArrayList<>();
        stack.up(again::add);
        assertThat(again).anyMatch(l -> l.startsWith("cassandra is already running"))
                .anyMatch(l -> l.startsWith("kafka is already running"));
        assertThat(stack.status().subList(0, 2)).extracting(Stack.ServerStatus::pid)
                .containsExactlyElementsOf(before.stream().map(Stack.ServerStatus::pid).toList());
    }

    @Test
    @Order(3)
    void downThenUpKeepsARowAndAMessage() throws Exception {
        try (CqlSession s = session()) {
            s.execute("CREATE KEYSPACE IF NOT EXISTS lifecycle WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            s.execute("CREATE TABLE IF NOT EXISTS lifecycle.kept (id text PRIMARY KEY, v text)");
            s.execute("INSERT INTO lifecycle.kept (id, v) VALUES ('down-up', 'still here')");
        }
        produce("kept", "down-up");
        stack.down(l -> { });
        assertThat(stack.status()).noneMatch(Stack.ServerStatus::running);
        stack.up(l -> { });
        try (CqlSession s = session()) {
            assertThat(s.execute("SELECT v FROM lifecycle.kept WHERE id = 'down-up'").one().getString(0)).isEqualTo("still here");
        }
        assertThat(consumeAll("kept")).containsExactly("down-up");
    }

    @Test
    @Order(4)
    void killNineOfCassandraKeepsAcknowledgedWrites() {
        try (CqlSession s = session()) {
            for (int i = 0; i < 200; i++) {
                s.execute("INSERT INTO lifecycle.kept (id, v) VALUES ('kill-" + i + "', 'acknowledged')");
            }
        }
        // Killed at once: with periodic commit-log sync the last ~100 ms of acknowledged writes were lost
        // (187 of 200 rows), which the session's old 2 s close had hidden; batch sync acknowledges only synced writes.
        ProcessHandle cassandra = stack.process("cassandra").running().orElseThrow();
        cassandra.destroyForcibly();
        cassandra.onExit().join();
        assertThat(stack.status().get(0).running()).isFalse();
        stack.up(l -> { });
        try (CqlSession s = session()) {
            long n = s.execute("SELECT id FROM lifecycle.kept").all().stream().filter(r -> r.getString(0).startsWith("kill-")).count();
            assertThat(n).isEqualTo(200);
        }
    }

    @Test
    @Order(5)
    void killNineOfKafkaKeepsAcknowledgedMessages() throws Exception {
        for (int i = 0; i < 50; i++) {
            produce("kafka-kill", "m" + i);
        }
        ProcessHandle kafka = stack.process("kafka").running().orElseThrow();
        kafka.destroyForcibly();
        kafka.onExit().join();
        stack.up(l -> { });
        assertThat(consumeAll("kafka-kill")).hasSize(50).startsWith("m0").endsWith("m49");
    }

    @Test
    @Order(6)
    void aTakenPortIsNamedWithTheWayOut() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Map<String, String> flags = new LinkedHashMap<>();
            flags.put("watcher.home", io.safetywatcher.stack.junit.TestHome.home().toString());
            flags.put("stack.dir", Path.of("target", "port-clash").toAbsolutePath().toString());
            flags.put("cassandra.port", Integer.toString(taken.getLocalPort()));
            Stack other = Stack.of(WatcherConfig.builder().flags(flags).build());
            assertThatThrownBy(() -> other.up(l -> { }))
                    .isInstanceOf(StackException.class)
                    .hasMessageContaining("port " + taken.getLocalPort())
                    .hasMessageContaining("already in use")
                    .hasMessageContaining("cassandra.port");
        }
    }

    @Test
    @Order(7)
    void aServerThatDiesDuringStartIsReportedWithItsLog() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("watcher.home", io.safetywatcher.stack.junit.TestHome.home().toString());
        flags.put("stack.dir", Path.of("target", "dies-on-start").toAbsolutePath().toString());
        flags.put("cassandra.port", Integer.toString(freePort()));
        flags.put("cassandra.storage-port", Integer.toString(freePort()));
        flags.put("kafka.port", Integer.toString(freePort()));
        flags.put("kafka.controller-port", Integer.toString(freePort()));
        flags.put("cassandra.heap", "lots");
        Stack broken = Stack.of(WatcherConfig.builder().flags(flags).build());
        try {
            assertThatThrownBy(() -> broken.up(l -> { }))
                    .isInstanceOf(StackException.class)
                    .hasMessageContaining("cassandra died while starting")
                    .hasMessageContaining("Invalid maximum heap size");
        } finally {
            broken.processes().forEach(p -> p.stop(Duration.ZERO)); // the Kafka it started: killed, not waited for
        }
    }

    @Test
    void aJdkOtherThan17IsRefusedWithTheWayOut() {
        assertThatThrownBy(() -> JavaRuntime.require17(25, "/usr/lib/jvm/temurin-25"))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("Java 25")
                .hasMessageContaining("JAVA_HOME");
        JavaRuntime.require17(17, "/usr/lib/jvm/java-17");
    }

    private static CqlSession session() {
        return CassandraServer.openSession(config.get("cassandra.host"), config.getPort("cassandra.port"),
                config.get("cassandra.datacenter"), Duration.ofSeconds(20));
    }

    private static void produce(String topic, String value) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("kafka.bootstrap"));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, 0, "k", value)).get();
        }
    }

    private static List<String> consumeAll(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("kafka.bootstrap"));
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(tp, Duration.ofSeconds(30)) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    out.add(r.value());
                }
            }
        }
        return out;
    }

    private static int freePort() {
        return io.safetywatcher.stack.junit.TestHome.freePort();
    }
}
