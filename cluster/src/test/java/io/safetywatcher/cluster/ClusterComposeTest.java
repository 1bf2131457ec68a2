package io.safetywatcher.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.stack.KafkaServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code ./watcher cluster} runs must be what {@code docker-compose.yml} promises: the same
 * spark-submit arguments for each job, the same keyspace replication, consistency and topic
 * settings ({@code deploy/watcher.env}), the same broker quorum settings ({@code deploy/kafka.env})
 * and datacenter ({@code deploy/cassandra.env}). Only what names a host or a container path may differ.
 */
class ClusterComposeTest {
    static Path root = Path.of("..").toAbsolutePath().normalize();
    static JsonNode services;
    static ClusterSettings settings;

    @BeforeAll
    static void parse() throws IOException {
        services = new ObjectMapper(new YAMLFactory()).readTree(root.resolve("docker-compose.yml").toFile()).path("services");
        settings = ClusterSettings.from(WatcherConfig.defaults().with("watcher.home", root.toString(), "test"));
    }

    @Test
    void submitsEachJobWithTheComposeFilesArguments() {
        for (ClusterJob job : ClusterJob.values()) {
            String service = job == ClusterJob.ALERT_JOB ? "alert-job" : "analytics-job";
            List<String> compose = new ArrayList<>();
            services.path(service).path("command").forEach(n -> compose.add(n.asText()));
            assertThat(compose.get(0)).as(service).endsWith("/bin/spark-submit");
            int jarAt = indexOfJar(compose);
            List<String> spark = withoutHostSettings(compose.subList(1, jarAt));
            assertThat(job.sparkArguments("spark://spark-master:7077")).as(service + "'s spark-submit arguments").isEqualTo(spark);
            assertThat(job.jar(root).getFileName().toString()).as(service + "'s jar").isEqualTo(Path.of(compose.get(jarAt)).getFileName().toString());
            List<String> program = compose.subList(jarAt + 1, compose.size());
            List<String> ours = job.programArguments(Path.of("/shared/checkpoints"));
            assertThat(ours).as(service + "'s program arguments, with the compose file's checkpoint volume").isEqualTo(program);
        }
    }

    @Test
    void clientsUseTheComposeFilesReplicationConsistencyAndTopics() throws IOException {
        Map<String, String> env = envFile("deploy/watcher.env");
        Map<String, String> ours = settings.clientEnvironment();
        for (String key : List.of("WATCHER_CASSANDRA_DATACENTER", "WATCHER_CASSANDRA_REPLICATION_STRATEGY", "WATCHER_CASSANDRA_REPLICATION_DATACENTERS",
                "WATCHER_CASSANDRA_CONSISTENCY_WRITE", "WATCHER_CASSANDRA_CONSISTENCY_READ", "WATCHER_TOPICS_PARTITIONS", "WATCHER_TOPICS_REPLICATION",
                "WATCHER_CASSANDRA_PORT", "WATCHER_JOB_KAFKA_API_TIMEOUT")) {
            assertThat(ours.get(key)).as(key).isEqualTo(env.get(key));
        }
        assertThat(ours.get("WATCHER_CASSANDRA_HOST").split(",")).hasSameSizeAs(env.get("WATCHER_CASSANDRA_HOST").split(","));
        assertThat(ours.get("WATCHER_KAFKA_BOOTSTRAP").split(",")).hasSameSizeAs(env.get("WATCHER_KAFKA_BOOTSTRAP").split(","));
    }

    @Test
    void brokersFormTheComposeFilesQuorum() throws IOException {
        Map<String, String> kafka = envFile("deploy/kafka.env");
        var node = KafkaServer.Node.ofQuorum(1, settings.kafkaAddresses(), settings.controllerPort(), "x");
        assertThat(Integer.toString(node.minInsync())).isEqualTo(kafka.get("KAFKA_MIN_INSYNC_REPLICAS"));
        assertThat(Integer.toString(node.replication())).isEqualTo(kafka.get("KAFKA_DEFAULT_REPLICATION_FACTOR"))
                .isEqualTo(kafka.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR")).isEqualTo(kafka.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"));
        assertThat(Integer.toString(node.minInsync())).isEqualTo(kafka.get("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR"));
        assertThat(node.voters().split(",")).hasSameSizeAs(kafka.get("KAFKA_CONTROLLER_QUORUM_VOTERS").split(","));
        assertThat(node.voters()).isEqualTo("1@127.0.2.1:9093,2@127.0.2.2:9093,3@127.0.2.3:9093");
    }

    @Test
    void ringHasTheComposeFilesDatacenterAndOneRackPerNode() throws IOException {
        assertThat(settings.datacenter()).isEqualTo(envFile("deploy/cassandra.env").get("CASSANDRA_DC"));
        var nodes = List.of(1, 2, 3).stream().map(i -> io.safetywatcher.stack.CassandraServer.Node.ofRing(i, settings.cassandraAddresses(), 7000)).toList();
        assertThat(nodes).extracting(io.safetywatcher.stack.CassandraServer.Node::rack).containsExactly("rack1", "rack2", "rack3");
        // Evenly spaced tokens, the first at the bottom of Murmur3's range.
        assertThat(nodes).extracting(io.safetywatcher.stack.CassandraServer.Node::token)
                .containsExactly(Long.MIN_VALUE, -3074457345618258603L, 3074457345618258602L);
        assertThat(nodes).allMatch(n -> n.seeds().equals("127.0.1.1:7000"));
    }

    private static int indexOfJar(List<String> command) {
        for (int i = 0; i < command.size(); i++) {
            if (command.get(i).endsWith(".jar")) {
                return i;
            }
        }
        throw new AssertionError("no jar in " + command);
    }

    /** Drops the --conf pairs that name where the driver runs: a container's name there, an address here. */
    private static List<String> withoutHostSettings(List<String> args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--conf") && (args.get(i + 1).startsWith("spark.driver.host=") || args.get(i + 1).startsWith("spark.driver.bindAddress="))) {
                i++;
                continue;
            }
            out.add(args.get(i));
        }
        return out;
    }

    private static Map<String, String> envFile(String path) throws IOException {
        return io.safetywatcher.stack.junit.TestHome.envFile(root.resolve(path));
    }
}
