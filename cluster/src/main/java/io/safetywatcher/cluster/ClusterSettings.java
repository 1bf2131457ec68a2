package io.safetywatcher.cluster;

import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.stack.StackSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code ./watcher cluster} needs, read once from the {@code cluster.*} keys: where each
 * node listens, how big it is, and where its files live. Every node of a kind shares the kind's
 * ports ({@code cassandra.port}, {@code kafka.port}, ...) on an address of its own.
 */
public record ClusterSettings(
        Path home,
        Path dir,
        String datacenter,
        List<String> cassandraAddresses,
        String cassandraHeap,
        int cassandraPort,
        int storagePort,
        List<String> kafkaAddresses,
        String kafkaHeap,
        int kafkaPort,
        int controllerPort,
        String masterAddress,
        int masterPort,
        int masterUiPort,
        List<String> workerAddresses,
        int workerCores,
        String workerMemory,
        String driverAddress,
        Map<String, Integer> driverUiPorts,
        Duration startTimeout,
        String keyspace) {

    public static ClusterSettings from(WatcherConfig c) {
        Path home = c.getPath("watcher.home").toAbsolutePath().normalize();
        Path configured = c.getPath("cluster.dir");
        Path dir = (configured.isAbsolute() ? configured : Path.of("").toAbsolutePath().resolve(configured)).normalize();
        List<String> cassandra = addresses(c, "cluster.cassandra.addresses", 1, 5);
        List<String> kafka = addresses(c, "cluster.kafka.addresses", 1, 5);
        List<String> workers = addresses(c, "cluster.spark.worker-addresses", 1, 4);
        Map<String, Integer> uiPorts = new LinkedHashMap<>();
        uiPorts.put(ClusterJob.ALERT_JOB.id(), c.getPort("cluster.alert-job.ui-port"));
        uiPorts.put(ClusterJob.ANALYTICS.id(), c.getPort("cluster.analytics.ui-port"));
        return new ClusterSettings(home, dir, c.get("cluster.datacenter"),
                cassandra, c.get("cluster.cassandra.heap"), c.getPort("cassandra.port"), c.getPort("cassandra.storage-port"),
                kafka, c.get("cluster.kafka.heap"), c.getPort("kafka.port"), c.getPort("kafka.controller-port"),
                c.get("cluster.spark.master-address"), c.getPort("cluster.spark.master-port"), c.getPort("cluster.spark.master-ui-port"),
                workers, c.getInt("cluster.spark.worker-cores", 1, 64), c.get("cluster.spark.worker-memory"),
                c.get("cluster.driver-address"), Map.copyOf(uiPorts),
                Duration.ofSeconds(c.getInt("stack.start-timeout")), c.get("cassandra.keyspace"));
    }

    private static List<String> addresses(WatcherConfig c, String key, int min, int max) {
        List<String> list = Arrays.stream(c.get(key).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (list.size() < min || list.size() > max) {
            throw new IllegalArgumentException(key + " must list " + min + " to " + max + " addresses, comma-separated; got '" + c.get(key) + "'");
        }
        if (list.stream().distinct().count() != list.size()) {
            throw new IllegalArgumentException(key + " names an address twice: '" + c.get(key) + "'");
        }
        return list;
    }

    /**
     * The servers' side of the embedded stack's settings, pointed at the cluster's folder: the
     * Cassandra and Kafka server classes serve both (a node's own address comes from its node).
     */
    public StackSettings servers() {
        return new StackSettings(home, dir, cassandraAddresses.get(0), cassandraPort, storagePort, datacenter, cassandraHeap,
                kafkaAddresses.get(0), kafkaPort, controllerPort, kafkaHeap, startTimeout, false, keyspace, driverAddress, 0);
    }

    public String kafkaBootstrap() {
        return String.join(",", kafkaAddresses.stream().map(a -> a + ":" + kafkaPort).toList());
    }

    public String masterUrl() { return "spark://" + masterAddress + ":" + masterPort; }

    /** A Spark home for the daemons and spark-submit: its {@code jars} folder is the built Spark classpath. */
    public Path sparkHome() { return dir.resolve("spark-home"); }

    public Path sparkJars() { return home.resolve("stack/servers/spark/target/lib"); }

    /** Where the jobs keep their checkpoints: one folder every worker and driver sees (this machine's disk). */
    public Path checkpoints() { return dir.resolve("checkpoints"); }

    /**
     * The keys every program connected to this cluster runs with, as {@code deploy/watcher.env}
     * gives them to the compose services: all nodes as contact points, three replicas in the
     * datacenter read and written at LOCAL_QUORUM, six partitions with three copies.
     */
    public Map<String, String> clientKeys() {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("cassandra.host", String.join(",", cassandraAddresses));
        k.put("cassandra.port", Integer.toString(cassandraPort));
        k.put("cassandra.datacenter", datacenter);
        k.put("cassandra.replication.strategy", "NetworkTopologyStrategy");
        k.put("cassandra.replication.datacenters", datacenter + ":" + cassandraAddresses.size());
        k.put("cassandra.consistency.write", "LOCAL_QUORUM");
        k.put("cassandra.consistency.read", "LOCAL_QUORUM");
        k.put("kafka.bootstrap", kafkaBootstrap());
        k.put("topics.partitions", "6");
        k.put("topics.replication", Integer.toString(kafkaAddresses.size()));
        k.put("job.kafka.api-timeout", "15s");
        k.put("stack.dir", dir.toString());
        return k;
    }

    /** {@code config} with {@link #clientKeys()} set over it. */
    public WatcherConfig clientConfig(WatcherConfig config) {
        WatcherConfig c = config;
        for (var e : clientKeys().entrySet()) {
            c = c.with(e.getKey(), e.getValue(), "the cluster");
        }
        return c;
    }

    /** The same keys as WATCHER_* variables, for a child process. */
    public Map<String, String> clientEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        clientKeys().forEach((k, v) -> env.put(WatcherConfig.envName(k), v));
        return env;
    }
}
