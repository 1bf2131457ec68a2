package io.safetywatcher.stack;

import io.safetywatcher.common.security.KafkaAccess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Apache Kafka 4 ({@code kafka_2.13}) in KRaft mode: processes that are each both broker and
 * controller, one for the embedded stack or three for a local cluster ({@link Node}). Storage is
 * formatted once; a short broker session timeout keeps a restart after {@code kill -9} from
 * waiting out the dead broker's session.
 */
public final class KafkaServer implements Server {
    static final String HEALTH_TOPIC = "__watcher_health";
    private final StackSettings s;
    private final Node node;
    private final Path home;

    /**
     * One broker of a quorum: its id, its loopback address (a cluster's brokers share the ports),
     * the quorum's voters, how many copies internal topics keep and how many of them must
     * acknowledge (min.insync.replicas, also the default for every topic), and the cluster id
     * every broker of the quorum is formatted with (null: a new one, for a lone broker).
     */
    public record Node(String name, int id, String host, String voters, int replication, int minInsync, String clusterId) {
        /** Broker {@code i} (1-based) of a quorum at {@code hosts}. */
        public static Node ofQuorum(int i, List<String> hosts, int controllerPort, String clusterId) {
            StringBuilder voters = new StringBuilder();
            for (int k = 0; k < hosts.size(); k++) {
                voters.append(k == 0 ? "" : ",").append(k + 1).append('@').append(hosts.get(k)).append(':').append(controllerPort);
            }
            int n = hosts.size();
            return new Node("kafka-" + i, i, hosts.get(i - 1), voters.toString(), n, Math.max(1, n - 1), clusterId);
        }
    }

    public KafkaServer(StackSettings settings) {
        this(settings, new Node("kafka", 1, settings.kafkaHost(), "1@" + settings.kafkaHost() + ":" + settings.controllerPort(), 1, 1, null));
    }

    public KafkaServer(StackSettings settings, Node node) {
        this.s = settings;
        this.node = node;
        this.home = settings.dir().resolve(node.name());
    }

    @Override public String name() { return node.name(); }

    @Override public String host() { return node.host(); }

    @Override public int port() { return s.kafkaPort(); }

    @Override public List<Integer> ports() { return List.of(s.kafkaPort(), s.controllerPort()); }

    @Override public Path dataDir() { return home; }

    @Override public Path classpath() { return s.home().resolve("stack/servers/kafka/target/lib"); }

    private Path properties() { return home.resolve("conf/server.properties"); }

    @Override
    public void prepare() throws IOException {
        StackFiles files = StackFiles.of(s);
        files.createDirectories(home.resolve("data"));
        files.createDirectories(home.resolve("conf"));
        String h = node.host();
        files.write(properties(), String.join("\n",
                "process.roles=broker,controller",
                "node.id=" + node.id(),
                "controller.quorum.voters=" + node.voters(),
                "controller.listener.names=CONTROLLER",
                (s.secure() ? secureListeners() : String.join("\n",
                        "listeners=PLAINTEXT://" + h + ":" + s.kafkaPort() + ",CONTROLLER://" + h + ":" + s.controllerPort(),
                        "advertised.listeners=PLAINTEXT://" + h + ":" + s.kafkaPort(),
                        "inter.broker.listener.name=PLAINTEXT",
                        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT")),
                "log.dirs=" + home.resolve("data"),
                "num.partitions=3",
                "offsets.topic.replication.factor=" + node.replication(),
                "transaction.state.log.replication.factor=" + node.replication(),
                "transaction.state.log.min.isr=" + node.minInsync(),
                "share.coordinator.state.topic.replication.factor=" + node.replication(),
                "share.coordinator.state.topic.min.isr=" + node.minInsync(),
                "default.replication.factor=" + node.replication(),
                "min.insync.replicas=" + node.minInsync(),
                "group.initial.rebalance.delay.ms=0",
                "broker.session.timeout.ms=2000",
                "broker.heartbeat.interval.ms=500",
                ""));
        files.write(home.resolve("conf/log4j2.xml"), """
                <Configuration status="WARN">
                  <Appenders>
                    <Console name="OUT" target="SYSTEM_OUT"><PatternLayout pattern="%d{ISO8601} %-5p [%t] %c{1} - %m%n"/></Console>
                  </Appenders>
                  <Loggers>
                    <Logger name="kafka.request.logger" level="WARN"/>
                    <Logger name="org.apache.kafka.clients" level="WARN"/>
                    <Root level="INFO"><AppenderRef ref="OUT"/></Root>
                  </Loggers>
                </Configuration>
                """);
        if (!Files.exists(home.resolve("data/meta.properties"))) {
            format();
        }
    }

    /**
     * Clients on SASL_SSL (SCRAM-SHA-512) with the stack's key store; every request authorized
     * by ACLs. The controller listener stays plaintext on the stack's host (loopback by
     * default): only this broker talks to it, as ANONYMOUS, which therefore is a super user.
     * On a cluster, give the controller listener TLS with client certificates instead.
     */
    private String secureListeners() {
        StackSecrets secrets = StackSecrets.of(s);
        String h = node.host();
        String admin = StackRole.ADMIN.principal();
        return String.join("\n",
                "listeners=SASL_SSL://" + h + ":" + s.kafkaPort() + ",CONTROLLER://" + h + ":" + s.controllerPort(),
                "advertised.listeners=SASL_SSL://" + h + ":" + s.kafkaPort(),
                "inter.broker.listener.name=SASL_SSL",
                "listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT",
                "sasl.enabled.mechanisms=SCRAM-SHA-512",
                "sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512",
                "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"" + admin + "\" password=\"" + secrets.password(admin) + "\";",
                "ssl.keystore.location=" + secrets.keystore(),
                "ssl.keystore.type=PKCS12",
                "ssl.keystore.password=" + secrets.keystorePassword(),
                "ssl.key.password=" + secrets.keystorePassword(),
                "ssl.truststore.location=" + secrets.truststore(),
                "ssl.truststore.type=PKCS12",
                "ssl.truststore.password=" + secrets.password("truststore"),
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "allow.everyone.if.no.acl.found=false",
                "super.users=User:" + admin + ";User:ANONYMOUS");
    }

    /**
     * {@code kafka-storage format}, run once per data folder, as its own short JVM. A secure
     * stack's SCRAM users are made here, as salted credentials. A salted password is enough to
     * log in (RFC 5802), so the arguments go in a private argument file that the java launcher
     * reads ({@code java @file}): the process list shows only the file's name.
     */
    private void format() throws IOException {
        StackFiles files = StackFiles.of(s);
        List<String> args = new ArrayList<>(List.of(
                "-cp", classpath().resolve("*").toString(),
                "-Dlog4j2.configurationFile=" + home.resolve("conf/log4j2.xml"),
                "kafka.tools.StorageTool", "format", "-t", node.clusterId() == null ? Uuid.randomUuid().toString() : node.clusterId(),
                "-c", properties().toString()));
        if (s.secure()) {
            StackSecrets secrets = StackSecrets.of(s);
            for (StackRole role : StackRole.values()) {
                if (!role.login()) {
                    continue;
                }
                args.add("--add-scram");
                args.add(ScramCredential.of(role.principal(), secrets.password(role.principal())).formatArgument());
            }
        }
        Path argFile = home.resolve("conf/format.args");
        Path log = s.logs().resolve(node.name() + ".log");
        files.touch(log);
        try {
            files.write(argFile, String.join("\n", args.stream().map(KafkaServer::quoted).toList()) + "\n");
            // No perf data: it would publish the expanded command line in /tmp/hsperfdata_<user>.
            Process p = new ProcessBuilder(files.command(List.of(JavaRuntime.java().toString(), "-XX:-UsePerfData", "@" + argFile)))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new StackException("formatting Kafka's storage in " + home.resolve("data") + " failed; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while formatting Kafka's storage");
        } finally {
            Files.deleteIfExists(argFile);
        }
    }

    /** One argument of a java launcher argument file: in double quotes, backslash and quote escaped. */
    static String quoted(String arg) {
        return '"' + arg.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    @Override
    public List<String> jvmArguments() {
        return List.of(
                "-Xms128m", "-Xmx" + s.kafkaHeap(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError",
                "-Djava.net.preferIPv4Stack=true",
                "-Dlog4j2.configurationFile=" + home.resolve("conf/log4j2.xml"),
                "kafka.Kafka", properties().toString());
    }

    @Override
    public Health probe() {
        if (!CassandraServer.accepts(node.host(), s.kafkaPort())) {
            return Health.down("port " + s.kafkaPort() + " not accepting connections");
        }
        String bootstrap = node.host() + ":" + s.kafkaPort();
        try (Admin admin = Admin.create(clientProps(bootstrap, access()))) {
            // In a quorum, this broker must be one of the live brokers the controller knows.
            if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream().noneMatch(n -> n.id() == node.id())) {
                return Health.down("broker " + node.id() + " is not registered with the controller yet");
            }
            try {
                admin.createTopics(List.of(new NewTopic(HEALTH_TOPIC, 1, (short) 1)
                        .configs(Map.of("retention.ms", "3600000", "min.insync.replicas", "1")))).all().get(5, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    return Health.down("cannot create the health topic: " + e.getCause().getMessage());
                }
            }
        } catch (Exception e) {
            return Health.down("admin request failed: " + e.getMessage());
        }
        Properties p = clientProps(bootstrap, access());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "5000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "4000");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            var meta = producer.send(new ProducerRecord<>(HEALTH_TOPIC, "probe", Instant.now().toString())).get(6, TimeUnit.SECONDS);
            return Health.ok("produce acknowledged at offset " + meta.offset());
        } catch (Exception e) {
            return Health.down("produce not acknowledged: " + e.getMessage());
        }
    }

    private KafkaAccess access() { return s.secure() ? StackSecrets.of(s).kafkaAdmin() : KafkaAccess.PLAIN; }

    static Properties clientProps(String bootstrap, KafkaAccess access) {
        Properties p = access.applyTo(new Properties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "6000");
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "watcher-stack");
        return p;
    }
}
