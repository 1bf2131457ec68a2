package io.safetywatcher.stack;

import io.safetywatcher.common.config.Durations;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.cql.Replication;
import io.safetywatcher.stack.junit.TestHome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code docker-compose.yml} promises, checked without Docker (none runs on the build
 * machine; {@code .ci/run} also validates the file with {@code docker-compose config}): the
 * services, their health checks and start order, the alert job's submit arguments, replication
 * that matches three brokers and three Cassandra nodes, the profile, volumes and limits.
 */
class ComposeFileTest {
    static Path root;
    static JsonNode services;
    static JsonNode compose;

    @BeforeAll
    static void parse() throws IOException {
        root = TestHome.home();
        compose = new ObjectMapper(new YAMLFactory()).readTree(root.resolve("docker-compose.yml").toFile());
        services = compose.path("services");
    }

    @Test
    void hasEveryServiceOfTheDeployment() {
        assertThat(names(services)).containsExactlyInAnyOrder(
                "kafka-1", "kafka-2", "kafka-3", "cassandra-1", "cassandra-2", "cassandra-3",
                "spark-master", "spark-worker-1", "spark-worker-2", "provision", "alert-job", "analytics-job", "simulator");
    }

    @Test
    void everyLongRunningServiceHasAHealthCheck() {
        for (String s : List.of("kafka-1", "kafka-2", "kafka-3", "cassandra-1", "cassandra-2", "cassandra-3",
                "spark-master", "spark-worker-1", "spark-worker-2", "alert-job", "analytics-job")) {
            JsonNode test = services.path(s).path("healthcheck").path("test");
            assertThat(test.isArray() && test.size() == 2 && test.get(0).asText().equals("CMD-SHELL"))
                    .as(s + " healthcheck").isTrue();
            assertThat(services.path(s).path("healthcheck").path("retries").asInt()).as(s + " retries").isPositive();
        }
    }

    /** service_healthy needs a health check; service_completed_successfully a one-shot. */
    @Test
    void startOrderWaitsOnHealthAndOnTheOneShot() {
        services.fields().forEachRemaining(e -> e.getValue().path("depends_on").fields().forEachRemaining(d -> {
            String condition = d.getValue().path("condition").asText();
            JsonNode target = services.path(d.getKey());
            assertThat(target.isMissingNode()).as(e.getKey() + " depends on unknown " + d.getKey()).isFalse();
            switch (condition) {
                case "service_healthy" -> assertThat(target.has("healthcheck")).as(d.getKey() + " has a healthcheck").isTrue();
                case "service_completed_successfully" -> assertThat(target.path("restart").asText()).isEqualTo("no");
                default -> throw new AssertionError(e.getKey() + " -> " + d.getKey() + ": condition '" + condition + "'");
            }
        }));
        assertThat(dependsOn("provision")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "kafka-1", "service_healthy", "kafka-2", "service_healthy", "kafka-3", "service_healthy",
                "cassandra-1", "service_healthy", "cassandra-2", "service_healthy", "cassandra-3", "service_healthy"));
        for (String job : List.of("alert-job", "analytics-job")) {
            assertThat(dependsOn(job)).containsEntry("provision", "service_completed_successfully")
                    .containsEntry("spark-master", "service_healthy");
        }
        assertThat(dependsOn("simulator")).containsEntry("provision", "service_completed_successfully");
        // Cassandra will not bootstrap two nodes at once: they join one after the other.
        assertThat(dependsOn("cassandra-2")).containsExactlyEntriesOf(Map.of("cassandra-1", "service_healthy"));
        assertThat(dependsOn("cassandra-3")).containsExactlyEntriesOf(Map.of("cassandra-2", "service_healthy"));
    }

    @Test
    void provisionCreatesTopicsAndAppliesTheSchemaOnce() {
        assertThat(strings(services.path("provision").path("command"))).containsExactly("./watcher", "stack", "provision");
        // The subcommand exists (an unknown one would be a usage error, exit 2).
        assertThat(StackCommand.run("provision", "--help")).isZero();
    }

    @Test
    void theAlertJobIsSubmittedToTheMasterWithItsShadedJar() throws IOException {
        List<String> cmd = strings(services.path("alert-job").path("command"));
        assertThat(cmd.get(0)).isEqualTo("/opt/spark/bin/spark-submit");
        assertThat(option(cmd, "--master")).isEqualTo("spark://spark-master:7077");
        assertThat(option(cmd, "--deploy-mode")).isEqualTo("client");
        assertThat(option(cmd, "--class")).isEqualTo("io.safetywatcher.alertjob.Main");
        assertThat(root.resolve("alert-job/src/main/java/io/safetywatcher/alertjob/Main.java")).exists();
        String jar = "/opt/watcher/alert-job/target/watcher-alert-job-submit.jar";
        assertThat(cmd).containsSubsequence("io.safetywatcher.alertjob.Main", jar, "--trigger", "continuous");
        assertThat(dockerfile()).contains("COPY alert-job/target/watcher-alert-job-submit.jar /opt/watcher/alert-job/target/");
        assertThat(option(cmd, "--conf", "spark.driver.host=")).isEqualTo("alert-job");
        assertThat(services.path("alert-job").path("hostname").asText()).isEqualTo("alert-job");

        // The master listens where the jobs submit.
        List<String> master = strings(services.path("spark-master").path("command"));
        assertThat(master).contains("org.apache.spark.deploy.master.Master");
        assertThat(option(master, "--host")).isEqualTo("spark-master");
        assertThat(option(master, "--port")).isEqualTo("7077");
        for (String w : List.of("spark-worker-1", "spark-worker-2")) {
            assertThat(strings(services.path(w).path("command"))).contains("org.apache.spark.deploy.worker.Worker")
                    .last().isEqualTo("spark://spark-master:7077");
        }

        // Driver and executors (on the workers) must see the same checkpoint path.
        String checkpoint = option(cmd, "--checkpoint");
        for (String s : List.of("alert-job", "spark-worker-1", "spark-worker-2")) {
            assertThat(mounts(s)).as(s + " mounts the checkpoint volume").anySatisfy((volume, path) -> {
                assertThat(checkpoint).startsWith(path + "/");
                assertThat(compose.path("volumes").has(volume)).isTrue();
            });
        }
    }

    @Test
    void theAnalyticsJobRunsOnASchedule() throws IOException {
        List<String> cmd = strings(services.path("analytics-job").path("command"));
        assertThat(option(cmd, "--master")).isEqualTo("spark://spark-master:7077");
        assertThat(option(cmd, "--class")).isEqualTo("io.safetywatcher.analytics.Main");
        assertThat(cmd).containsSubsequence("io.safetywatcher.analytics.Main",
                "/opt/watcher/analytics-job/target/watcher-analytics-job-submit.jar");
        assertThat(Durations.parse(option(cmd, "--every"))).isPositive();
        assertThat(dockerfile()).contains(
                "COPY analytics-job/target/watcher-analytics-job-submit.jar /opt/watcher/analytics-job/target/");
    }

    /** Both jobs together fit the workers' cores, or the second one would wait forever. */
    @Test
    void theJobsFitTheWorkers() {
        int workerCores = 0;
        long workerMemory = Long.MAX_VALUE;
        for (String w : List.of("spark-worker-1", "spark-worker-2")) {
            List<String> cmd = strings(services.path(w).path("command"));
            workerCores += Integer.parseInt(option(cmd, "--cores"));
            workerMemory = Math.min(workerMemory, bytes(option(cmd, "--memory")));
            assertThat(bytes(option(cmd, "--memory"))).isLessThan(bytes(services.path(w).path("mem_limit").asText()));
        }
        int jobCores = 0;
        long executorMemory = 0;
        for (String job : List.of("alert-job", "analytics-job")) {
            List<String> cmd = strings(services.path(job).path("command"));
            jobCores += Integer.parseInt(option(cmd, "--conf", "spark.cores.max="));
            executorMemory += bytes(option(cmd, "--executor-memory"));
        }
        assertThat(jobCores).isLessThanOrEqualTo(workerCores);
        // One executor of each job on every worker.
        assertThat(executorMemory).isLessThanOrEqualTo(workerMemory);
    }

    @Test
    void kafkaIsAThreeBrokerKraftQuorumReplicatingEverythingThreeTimes() throws IOException {
        Map<String, String> shared = envFile("deploy/kafka.env");
        List<String> brokers = names(services).stream().filter(n -> n.startsWith("kafka-")).toList();
        assertThat(brokers).hasSize(3);
        Set<String> voters = new TreeSet<>(List.of(shared.get("KAFKA_CONTROLLER_QUORUM_VOTERS").split(",")));
        Set<String> expected = new TreeSet<>();
        for (String b : brokers) {
            JsonNode s = services.path(b);
            assertThat(s.path("image").asText()).matches("apache/kafka:\\d+\\.\\d+\\.\\d+");
            assertThat(s.path("env_file").asText()).isEqualTo("deploy/kafka.env");
            String id = s.path("environment").path("KAFKA_NODE_ID").asText();
            assertThat(s.path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText()).isEqualTo("PLAINTEXT://" + b + ":9092");
            expected.add(id + "@" + b + ":9093");
            assertThat(mounts(b)).containsValue("/var/lib/kafka/data");
        }
        assertThat(voters).isEqualTo(expected);
        assertThat(shared).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller").containsKey("CLUSTER_ID");
        String n = String.valueOf(brokers.size());
        assertThat(shared).containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", n)
                .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", n)
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", n)
                .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2");

        WatcherConfig c = watcherConfig();
        assertThat(c.getInt("topics.replication")).isEqualTo(brokers.size());
        assertThat(c.getInt("topics.partitions")).isGreaterThanOrEqualTo(brokers.size());
        assertThat(List.of(c.get("kafka.bootstrap").split(","))).containsExactlyInAnyOrderElementsOf(
                brokers.stream().map(b -> b + ":9092").toList());
    }

    @Test
    void cassandraIsAThreeNodeRingAndTheKeyspaceHasAReplicaOnEach() throws IOException {
        Map<String, String> shared = envFile("deploy/cassandra.env");
        List<String> nodes = names(services).stream().filter(n -> n.startsWith("cassandra-")).toList();
        assertThat(nodes).hasSize(3);
        Set<String> racks = new HashSet<>();
        for (String node : nodes) {
            JsonNode s = services.path(node);
            assertThat(s.path("image").asText()).matches("cassandra:5\\.0\\.\\d+");
            assertThat(s.path("env_file").asText()).isEqualTo("deploy/cassandra.env");
            racks.add(s.path("environment").path("CASSANDRA_RACK").asText());
            assertThat(mounts(node)).containsValue("/var/lib/cassandra");
        }
        assertThat(racks).hasSize(3);
        assertThat(shared).containsEntry("CASSANDRA_ENDPOINT_SNITCH", "GossipingPropertyFileSnitch");
        assertThat(nodes).contains(shared.get("CASSANDRA_SEEDS").split(","));

        WatcherConfig c = watcherConfig();
        String dc = shared.get("CASSANDRA_DC");
        assertThat(c.get("cassandra.datacenter")).isEqualTo(dc);
        // What the provision service will create, through the same code as `stack up`.
        assertThat(Provisioning.replication(c)).isEqualTo(Replication.networkTopology(Map.of(dc, nodes.size())));
        assertThat(c.get("cassandra.consistency.write")).isEqualTo("LOCAL_QUORUM");
        assertThat(c.get("cassandra.consistency.read")).isEqualTo("LOCAL_QUORUM");
        // Every node is a contact point, so a session starts while any one of them is down.
        assertThat(List.of(c.get("cassandra.host").split(","))).containsExactlyInAnyOrderElementsOf(nodes);
    }

    /** The environment ignores names that are not keys, so a typo would pass silently. */
    @Test
    void everyWatcherVariableIsAConfigurationKey() throws IOException {
        Set<String> known = new HashSet<>();
        WatcherConfig.defaults().settings().keySet().forEach(k -> known.add(WatcherConfig.envName(k)));
        Map<String, String> env = new LinkedHashMap<>(envFile("deploy/watcher.env"));
        services.fields().forEachRemaining(e -> e.getValue().path("environment").fieldNames().forEachRemaining(name -> {
            if (name.startsWith("WATCHER_")) {
                env.put(name, e.getValue().path("environment").path(name).asText());
            }
        }));
        assertThat(env).isNotEmpty();
        assertThat(known).containsAll(env.keySet());
        for (String s : List.of("provision", "alert-job", "analytics-job", "simulator")) {
            assertThat(services.path(s).path("env_file").asText()).as(s).isEqualTo("deploy/watcher.env");
            assertThat(services.path(s).path("image").asText()).as(s).isEqualTo(services.path("spark-master").path("image").asText());
        }
    }

    @Test
    void theSparkImageIsTheProjectsSparkVersionForScala213() throws IOException {
        String pom = Files.readString(root.resolve("pom.xml"));
        String spark = tag(pom, "spark.version");
        String scala = tag(pom, "scala.binary.version");
        String df = dockerfile();
        assertThat(df).containsPattern("(?m)^FROM apache/spark:" + Pattern.quote(spark) + "-scala2\\.12-java17-ubuntu$");
        assertThat(df).contains("spark-" + spark + "-bin-hadoop3-scala" + scala + ".tgz", "gpg --batch --verify");
    }

    /** .dockerignore lets in only what the Dockerfile copies; a COPY it does not let in fails the build. */
    @Test
    void theBuildContextHoldsWhatTheDockerfileCopies() throws IOException {
        Set<String> allowed = new HashSet<>();
        for (String line : Files.readAllLines(root.resolve(".dockerignore"))) {
            if (line.startsWith("!")) {
                allowed.add(line.substring(1).replaceAll("/$", ""));
            }
        }
        List<String> sources = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^COPY (?:--\\S+ )*(\\S+) \\S+$").matcher(dockerfile());
        while (m.find()) {
            sources.add(m.group(1).replaceAll("/$", ""));
        }
        assertThat(sources).contains("watcher", "alert-job/target/watcher-alert-job-submit.jar");
        assertThat(allowed).containsExactlyInAnyOrderElementsOf(sources);
    }

    @Test
    void onlyTheSimulatorIsBehindAProfile() {
        services.fields().forEachRemaining(e -> {
            if (e.getKey().equals("simulator")) {
                assertThat(strings(e.getValue().path("profiles"))).containsExactly("simulator");
                assertThat(strings(e.getValue().path("command"))).startsWith("./watcher", "simulate");
            } else {
                assertThat(e.getValue().has("profiles")).as(e.getKey() + " starts by default").isFalse();
            }
        });
    }

    @Test
    void volumesAreNamedAndLimitsFitALaptop() {
        Set<String> declared = new HashSet<>(names(compose.path("volumes")));
        long total = 0;
        for (String s : names(services)) {
            mounts(s).keySet().forEach(v -> assertThat(declared).as(s + " volume " + v).contains(v));
            String limit = services.path(s).path("mem_limit").asText();
            assertThat(limit).as(s + " mem_limit").isNotEmpty();
            total += bytes(limit);
        }
        // Each broker and node keeps its own data.
        assertThat(declared).contains("kafka-1-data", "kafka-2-data", "kafka-3-data",
                "cassandra-1-data", "cassandra-2-data", "cassandra-3-data", "checkpoints");
        assertThat(total).isLessThanOrEqualTo(bytes("15g"));
    }

    // ---------------------------------------------------------------------------------------

    private static WatcherConfig watcherConfig() throws IOException {
        return WatcherConfig.builder().environment(envFile("deploy/watcher.env")).build();
    }

    private static Map<String, String> envFile(String path) throws IOException {
        return TestHome.envFile(root.resolve(path));
    }

    private static String dockerfile() throws IOException {
        return Files.readString(root.resolve("deploy/Dockerfile"));
    }

    private static List<String> names(JsonNode map) {
        List<String> out = new ArrayList<>();
        map.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Map<String, String> dependsOn(String service) {
        Map<String, String> out = new LinkedHashMap<>();
        services.path(service).path("depends_on").fields().forEachRemaining(d -> out.put(d.getKey(), d.getValue().path("condition").asText()));
        return out;
    }

    /** Named volume -> mount path, for "name:/path" entries. */
    private static Map<String, String> mounts(String service) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String v : strings(services.path(service).path("volumes"))) {
            String[] parts = v.split(":");
            out.put(parts[0], parts[1]);
        }
        return out;
    }

    private static String option(List<String> cmd, String flag) {
        int i = cmd.indexOf(flag);
        assertThat(i).as(flag + " in " + cmd).isNotNegative();
        return cmd.get(i + 1);
    }

    /** The value of {@code --conf prefix<value>}. */
    private static String option(List<String> cmd, String flag, String prefix) {
        for (int i = 0; i + 1 < cmd.size(); i++) {
            if (cmd.get(i).equals(flag) && cmd.get(i + 1).startsWith(prefix)) {
                return cmd.get(i + 1).substring(prefix.length());
            }
        }
        throw new AssertionError(flag + " " + prefix + "... not in " + cmd);
    }

    private static long bytes(String size) {
        Matcher m = Pattern.compile("(\\d+)([kmg])b?", Pattern.CASE_INSENSITIVE).matcher(size.strip());
        assertThat(m.matches()).as("a size like 512m: " + size).isTrue();
        long n = Long.parseLong(m.group(1));
        return switch (Character.toLowerCase(m.group(2).charAt(0))) {
            case 'k' -> n << 10;
            case 'm' -> n << 20;
            default -> n << 30;
        };
    }

    private static String tag(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertThat(m.find()).as(name + " in pom.xml").isTrue();
        return m.group(1);
    }
}
