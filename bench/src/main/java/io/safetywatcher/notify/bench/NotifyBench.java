package io.safetywatcher.notify.bench;

import com.sun.net.httpserver.HttpServer;
import io.safetywatcher.bench.Percentiles;
import io.safetywatcher.common.codec.AlertCodec;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;
import io.safetywatcher.common.security.KafkaAccess;
import io.safetywatcher.notify.Notifier;
import io.safetywatcher.notify.route.RouteFile;
import io.safetywatcher.notify.route.Routing;
import io.safetywatcher.shell.ConfigOptions;
import io.safetywatcher.shell.Program;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code ./watcher bench notify}: the latency target "a webhook receiver gets a critical alert
 * within 1 s of it being on the alert topic". Starts a local webhook receiver and notify (in this
 * JVM, its own consumer group, a critical route with group_wait 0s), publishes critical alert
 * events transactionally, as the alert job does, at random intervals, and measures from the
 * record's append time (its CreateTime, stamped at send) and from the transaction's commit to the
 * POST arriving. Bench code: kept in its own package, apart from the program's.
 */
@Command(name = "bench notify", mixinStandardHelpOptions = true,
        description = "Latency from the alert topic to a webhook receiver for critical alerts, on the stack in the configuration.")
public final class NotifyBench implements Callable<Integer> {
    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--count", defaultValue = "500", description = "Critical alert events to publish (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--max-gap-ms", defaultValue = "200", description = "Each gap between events is uniform in 0..this (default ${DEFAULT-VALUE}).")
    int maxGapMs;

    /** The measured figures, in milliseconds. */
    public record Result(int published, int received, int duplicates, double[] fromAppendMs, double[] fromCommitMs) {
        public String summary() {
            return "notify bench: " + published + " critical events published, " + received + " received by the webhook ("
                    + duplicates + " duplicates)\n  from append: " + Percentiles.stats(fromAppendMs) + "\n  from commit: " + Percentiles.stats(fromCommitMs);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (count < 1 || maxGapMs < 0) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--count must be >= 1 and --max-gap-ms >= 0");
        }
        Result r = run(configOptions.load(), count, maxGapMs, new Random());
        System.out.println(r.summary());
        return r.received() == r.published() && r.duplicates() == 0 ? 0 : 1;
    }

    public static Result run(WatcherConfig base, int count, int maxGapMs, Random random) throws Exception {
        String run = Long.toString(System.currentTimeMillis(), 36);
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        int[] duplicates = {0};
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            long now = System.currentTimeMillis();
            byte[] body = ex.getRequestBody().readAllBytes();
            for (var a : Json.MAPPER.readTree(body).get("alerts")) {
                if (arrived.putIfAbsent(a.get("id").asText(), now) != null) {
                    synchronized (duplicates) {
                        duplicates[0]++;
                    }
                }
            }
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
        String zone = "bench-" + run;
        Routing routing = RouteFile.parse("bench-routes.yaml", """
                receivers:
                  - name: bench
                    webhook: {url: 'http://127.0.0.1:%d/hook', timeout: 5s}
                  - name: quiet
                    log: {}
                route:
                  receiver: quiet
                  routes:
                    - match: {zone: %s, severity_at_least: critical}
                      receiver: bench
                      group_by: ['...']
                      group_wait: 0s
                """.formatted(server.getAddress().getPort(), zone));
        WatcherConfig config = base.with("notify.group", "watcher-bench-notify-" + run, "bench")
                .with("notify.from", "latest", "bench");
        long[] sent = new long[count];
        long[] committed = new long[count];
        List<String> lines = new ArrayList<>();
        try (Notifier notifier = new Notifier(config, routing, line -> { }, lines::add).start();
             KafkaProducer<byte[], byte[]> producer = producer(config, run)) {
            if (!notifier.awaitAssigned(Duration.ofSeconds(60))) {
                throw new IllegalStateException("notify got no partitions of the alert topic within 60 s");
            }
            producer.initTransactions();
            String topic = Topics.of(config).alerts();
            for (int i = 0; i < count; i++) {
                Thread.sleep(random.nextInt(maxGapMs + 1));
                Instant t = Instant.now();
                Alert a = new Alert(zone + "-" + i, "fp-" + zone + "-" + i, AlertType.GUNSHOT, Severity.CRITICAL, AlertState.FIRING, zone,
                        List.of("bench-sensor"), t, t, null, 0.99, "bench gunshot " + i, List.of(), "bench");
                producer.beginTransaction();
                RecordMetadata m = producer.send(new ProducerRecord<>(topic, a.fingerprint().getBytes(), AlertCodec.encode(a))).get();
                producer.commitTransaction();
                committed[i] = System.currentTimeMillis();
                sent[i] = m.timestamp();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (arrived.size() < count && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } finally {
            server.stop(0);
        }
        double[] fromAppend = new double[arrived.size()];
        double[] fromCommit = new double[arrived.size()];
        int k = 0;
        for (int i = 0; i < count; i++) {
            Long at = arrived.get(zone + "-" + i);
            if (at != null) {
                fromAppend[k] = at - sent[i];
                fromCommit[k++] = Math.max(0, at - committed[i]);
            }
        }
        return new Result(count, arrived.size(), duplicates[0], fromAppend, fromCommit);
    }

    private static KafkaProducer<byte[], byte[]> producer(WatcherConfig config, String run) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("kafka.bootstrap"));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // The alert sink's prefix, which a secure stack's ACLs allow the job's account.
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "safety-watcher-bench-notify-" + run);
        return new KafkaProducer<>(KafkaAccess.of(config).applyTo(p), new ByteArraySerializer(), new ByteArraySerializer());
    }

    public static void main(String[] args) {
        Program.exit(new NotifyBench(), args);
    }
}
