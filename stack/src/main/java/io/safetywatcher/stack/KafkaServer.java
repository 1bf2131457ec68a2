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
 * Apache Kafka 4 ({@code kafka_2.13}) in KRaft mode: one process that is both broker and
 * controller. Storage is formatted once; a short broker session timeout keeps a restart after
 * {@code kill -9} from waiting out the dead broker's session.
 */
public final class KafkaServer implements Server {
    static final String HEALTH_TOPIC = "__watcher_health";
    private final StackSettings s;
    private final Path home;

    public KafkaServer(StackSettings settings) {
        this.s = settings;
        this.home = settings.dir().resolve("kafka");
    }

    @Override public String name() { return "kafka"; }

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
        String h = s.kafkaHost();
        files.write(properties(), String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + h + ":" + s.controllerPort(),
                "controller.listener.names=CONTROLLER",
                (s.secure() ? secureListeners() : String.join("\n",
                        "listeners=PLAINTEXT://" + h + ":" + s.kafkaPort() + ",CONTROLLER://" + h + ":" + s.controllerPort(),
                        "advertised.listeners=PLAINTEXT://" + h + ":" + s.kafkaPort(),
                        "inter.broker.listener.name=PLAINTEXT",
                        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT")),
                "log.dirs=" + home.resolve("data"),
                "num.partitions=3",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
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
        String h = s.kafkaHost();
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
                "kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c", properties().toString()));
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
        Path log = s.logs().resolve("kafka.log");
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
        if (!CassandraServer.accepts(s.kafkaHost(), s.kafkaPort())) {
            return Health.down("port " + s.kafkaPort() + " not accepting connections");
        }
        try (Admin admin = Admin.create(clientProps(s.kafkaBootstrap(), access()))) {
            try {
                admin.createTopics(List.of(new NewTopic(HEALTH_TOPIC, 1, (short) 1)
                        .configs(Map.of("retention.ms", "3600000")))).all().get(5, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    return Health.down("cannot create the health topic: " + e.getCause().getMessage());
                }
            }
        } catch (Exception e) {
            return Health.down("admin request failed: " + e.getMessage());
        }
        Properties p = clientProps(s.kafkaBootstrap(), access());
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
