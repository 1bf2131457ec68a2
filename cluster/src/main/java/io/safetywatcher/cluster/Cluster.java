package io.safetywatcher.cluster;

import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.stack.CassandraServer;
import io.safetywatcher.stack.JavaRuntime;
import io.safetywatcher.stack.KafkaServer;
import io.safetywatcher.stack.Provisioning;
import io.safetywatcher.stack.Server;
import io.safetywatcher.stack.ServerProcess;
import io.safetywatcher.stack.StackException;
import io.safetywatcher.stack.StackSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A cluster of real servers on one machine, each a child JVM on an address of its own: the
 * Cassandra ring, the Kafka quorum, the Spark master and workers, and the drivers of the jobs
 * submitted to it. Starting is idempotent (what runs is left alone), and a node killed with
 * {@code kill -9} comes back with {@link #start(String)} on its own data.
 */
public final class Cluster {
    private final ClusterSettings settings;
    private final StackSettings servers;
    private final List<ServerProcess> cassandra = new ArrayList<>();
    private final List<ServerProcess> kafka = new ArrayList<>();
    private final ServerProcess master;
    private final List<ServerProcess> workers = new ArrayList<>();
    private final List<ServerProcess> drivers = new ArrayList<>();

    public Cluster(ClusterSettings settings) {
        this.settings = settings;
        this.servers = settings.servers();
        for (int i = 1; i <= settings.cassandraAddresses().size(); i++) {
            cassandra.add(process(new CassandraServer(servers, CassandraServer.Node.ofRing(i, settings.cassandraAddresses(), settings.storagePort()))));
        }
        String clusterId = kafkaClusterId();
        for (int i = 1; i <= settings.kafkaAddresses().size(); i++) {
            kafka.add(process(new KafkaServer(servers, KafkaServer.Node.ofQuorum(i, settings.kafkaAddresses(), settings.controllerPort(), clusterId))));
        }
        master = process(new SparkMaster(settings));
        for (int i = 1; i <= settings.workerAddresses().size(); i++) {
            workers.add(process(new SparkWorker(settings, i)));
        }
        for (ClusterJob job : ClusterJob.values()) {
            drivers.add(process(new SparkDriver(settings, job)));
        }
    }

    public static Cluster of(WatcherConfig config) { return new Cluster(ClusterSettings.from(config)); }

    public ClusterSettings settings() { return settings; }

    private ServerProcess process(Server server) { return new ServerProcess(server, servers); }

    /** Every broker of the quorum is formatted with the same id, chosen once per cluster folder. */
    private String kafkaClusterId() {
        java.nio.file.Path file = settings.dir().resolve("kafka-cluster-id");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(settings.dir());
                Files.writeString(file, org.apache.kafka.common.Uuid.randomUuid().toString());
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new StackException("cannot keep the Kafka cluster id in " + file + ": " + e.getMessage(), e);
        }
    }

    /** The servers in start order, then the drivers. */
    public List<ServerProcess> processes() {
        List<ServerProcess> all = new ArrayList<>(cassandra);
        all.addAll(kafka);
        all.add(master);
        all.addAll(workers);
        all.addAll(drivers);
        return all;
    }

    public ServerProcess process(String name) {
        return processes().stream().filter(p -> p.server().name().equals(name)).findFirst()
                .orElseThrow(() -> new StackException("no server named '" + name + "' in the cluster: choose one of "
                        + String.join(", ", processes().stream().map(p -> p.server().name()).toList())));
    }

    /**
     * Starts what is not running and waits for each to answer: the brokers together (a quorum
     * needs a majority), the Cassandra nodes one after another (a node joins only once the one
     * before it is up, as Cassandra requires), the Spark master and workers meanwhile; then the
     * topics and the schema, with the cluster's replication.
     */
    public void up(WatcherConfig config, Consumer<String> progress) throws Exception {
        JavaRuntime.require17();
        List<Started> brokers = new ArrayList<>();
        for (ServerProcess p : kafka) {
            brokers.add(launch(p, progress));
        }
        Started first = launch(cassandra.get(0), progress);
        Started spark = launch(master, progress);
        await(spark, progress);
        List<Started> sparkWorkers = new ArrayList<>();
        for (ServerProcess p : workers) {
            sparkWorkers.add(launch(p, progress));
        }
        await(first, progress);
        for (ServerProcess p : cassandra.subList(1, cassandra.size())) {
            await(launch(p, progress), progress);
        }
        for (Started s : brokers) {
            await(s, progress);
        }
        for (Started s : sparkWorkers) {
            await(s, progress);
        }
        WatcherConfig client = settings.clientConfig(config);
        List<String> created = Provisioning.createTopics(client);
        progress.accept("topics: " + (created.isEmpty() ? "all present" : "created " + String.join(", ", created))
                + " (" + client.get("topics.partitions") + " partitions, " + client.get("topics.replication") + " copies, min.insync.replicas "
                + Math.max(1, settings.kafkaAddresses().size() - 1) + ")");
        var applied = applySchema(client, progress);
        progress.accept("schema: " + (applied.isEmpty() ? "up to date" : "applied " + applied.size() + " migrations")
                + " (keyspace " + settings.keyspace() + ", NetworkTopologyStrategy {'" + settings.datacenter() + "': "
                + settings.cassandraAddresses().size() + "})");
    }

    /**
     * The migrations, tried again when a node answers before the schema change reached it (seen
     * on a fresh ring right after the keyspace was made: "table schema_migrations does not
     * exist"). Every migration is idempotent and recorded, so a second run only finishes the first.
     */
    private static List<io.safetywatcher.cql.AppliedMigration> applySchema(WatcherConfig client, Consumer<String> progress) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return Provisioning.applySchema(client);
            } catch (io.safetywatcher.cql.MigrationException e) {
                if (attempt == 3) {
                    throw e;
                }
                progress.accept("schema: " + e.getMessage() + "; trying again in 3 s");
                Thread.sleep(3000);
            }
        }
    }

    private record Started(ServerProcess process, ProcessHandle handle, long startNanos) {}

    private Started launch(ServerProcess p, Consumer<String> progress) {
        Optional<ProcessHandle> running = p.running();
        if (running.isPresent()) {
            progress.accept(p.server().name() + " is already running (pid " + running.get().pid() + ")");
            return new Started(p, running.get(), System.nanoTime());
        }
        p.checkPortsFree();
        try {
            ProcessHandle h = p.start(JavaRuntime.java());
            progress.accept("starting " + p.server().name() + " on " + p.server().host() + " (pid " + h.pid() + ", log " + p.logFile() + ")");
            return new Started(p, h, System.nanoTime());
        } catch (IOException e) {
            throw new StackException("cannot start " + p.server().name() + ": " + e.getMessage(), e);
        }
    }

    private void await(Started s, Consumer<String> progress) {
        s.process().awaitHealthy(s.handle(), settings.startTimeout());
        progress.accept(s.process().server().name() + " healthy: " + s.process().server().probe().detail()
                + String.format(" (%.1f s)", (System.nanoTime() - s.startNanos()) / 1e9));
    }

    /** Starts one server (after a kill, say) and waits until it answers. */
    public void start(String name, Consumer<String> progress) {
        await(launch(process(name), progress), progress);
    }

    /** Submits a job: its driver starts here, its executors on the workers; returns once an executor has registered. */
    public void submit(ClusterJob job, Consumer<String> progress) {
        start(job.id(), progress);
    }

    /** {@code kill -9} of one server: what a crash looks like to the others. Returns the pid killed. */
    public long kill(String name) {
        ServerProcess p = process(name);
        ProcessHandle h = p.running().orElseThrow(() -> new StackException(name + " is not running"));
        h.destroyForcibly();
        try {
            h.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new StackException(name + " (pid " + h.pid() + ") did not die within 30 s of SIGKILL");
        }
        return h.pid();
    }

    /** One server's state, as {@code cluster status} shows it. */
    public record NodeStatus(String name, String host, Long pid, int port, boolean running, boolean healthy, String detail, long rssBytes) {}

    public List<NodeStatus> status() {
        return processes().stream().map(p -> {
            Optional<ProcessHandle> h = p.running();
            Server.Health health = h.isPresent() ? p.server().probe() : Server.Health.down("not running");
            return new NodeStatus(p.server().name(), p.server().host(), h.map(ProcessHandle::pid).orElse(null), p.server().port(),
                    h.isPresent(), health.healthy(), health.detail(), h.map(ServerProcess::rss).orElse(0L));
        }).toList();
    }

    /** Stops the drivers, the workers, the master, the brokers, then the nodes, each with SIGTERM and a grace period. */
    public void down(Consumer<String> progress) {
        List<ServerProcess> nodes = new ArrayList<>(cassandra);
        java.util.Collections.reverse(nodes);
        // The brokers together (SIGTERM to all, then wait): one stopping alone waits on a quorum that the next to stop breaks.
        for (List<ServerProcess> group : List.of(drivers, workers, List.of(master), kafka, nodes)) {
            if (group == kafka) {
                kafka.forEach(p -> p.running().ifPresent(ProcessHandle::destroy));
            }
            for (ServerProcess p : group) {
                if (p.running().isEmpty()) {
                    continue;
                }
                boolean clean = p.stop(Duration.ofSeconds(60));
                progress.accept(p.server().name() + (clean ? " stopped" : " did not stop within 60 s and was killed"));
            }
        }
    }

    /** Whether a server is one of the jobs' drivers (absent from status until submitted). */
    public boolean isDriver(String name) { return drivers.stream().anyMatch(p -> p.server().name().equals(name)); }
}
