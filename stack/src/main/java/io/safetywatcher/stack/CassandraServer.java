package io.safetywatcher.stack;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.safetywatcher.common.config.ContactPoints;
import io.safetywatcher.common.security.CassandraAccess;
import io.safetywatcher.cql.CqlSessions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Apache Cassandra 5 ({@code cassandra-all}): the embedded stack's single local node, or one
 * node of a local ring ({@link Node}). JVM flags are the few measured to be needed on Java 17
 * (see DESIGN section 2); a small -Xms because as root it locks the committed heap.
 */
public final class CassandraServer implements Server {
    private final StackSettings s;
    private final Node node;
    private final Path home;

    /**
     * Where one node sits in its ring. A ring's nodes share the ports, each on its own loopback
     * address, with one token each (evenly spaced) and a rack of its own in the settings' datacenter.
     *
     * @param rack null for the embedded single node (SimpleSnitch, datacenter1)
     */
    public record Node(String name, String host, String seeds, String rack, long token) {
        /** Node {@code i} (1-based) of a ring of {@code n} at {@code hosts}, the first being the seed. */
        public static Node ofRing(int i, List<String> hosts, int storagePort) {
            int n = hosts.size();
            long token = java.math.BigInteger.valueOf(Long.MIN_VALUE)
                    .add(java.math.BigInteger.ONE.shiftLeft(64).multiply(java.math.BigInteger.valueOf(i - 1)).divide(java.math.BigInteger.valueOf(n)))
                    .longValueExact();
            return new Node("cassandra-" + i, hosts.get(i - 1), hosts.get(0) + ":" + storagePort, "rack" + i, token);
        }

        boolean inRing() { return rack != null; }
    }

    public CassandraServer(StackSettings settings) {
        this(settings, new Node("cassandra", settings.cassandraHost(), settings.cassandraHost() + ":" + settings.storagePort(), null, 0));
    }

    public CassandraServer(StackSettings settings, Node node) {
        this.s = settings;
        this.node = node;
        this.home = settings.dir().resolve(node.name());
    }

    @Override public String name() { return node.name(); }

    @Override public String host() { return node.host(); }

    @Override public int port() { return s.cassandraPort(); }

    @Override public List<Integer> ports() { return List.of(s.cassandraPort(), s.storagePort()); }

    @Override public Path dataDir() { return home; }

    @Override public Path classpath() { return s.home().resolve("stack/servers/cassandra/target/lib"); }

    @Override
    public void prepare() throws IOException {
        StackFiles files = StackFiles.of(s);
        for (String d : List.of("data", "commitlog", "saved_caches", "hints", "cdc_raw", "conf", "triggers")) {
            files.createDirectories(home.resolve(d));
        }
        // Rewritten at every start so that a changed port takes effect; data is untouched.
        files.write(home.resolve("conf/cassandra.yaml"), String.join("\n",
                "cluster_name: safety-watcher",
                "num_tokens: 1",
                "initial_token: " + node.token(),
                // A new ring's nodes hold no data yet: none needs to stream from the others to join.
                node.inRing() ? "auto_bootstrap: false" : "",
                "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
                // Batch sync: a write is acknowledged once the commit log is synced (the writes that
                // came meanwhile synced with it), so a kill -9 or a power cut loses nothing
                // acknowledged. Periodic sync lost the writes of the last ~100 ms before a kill -9
                // (replay stops at the last sync marker; StackLifecycleTest found 187 of 200 rows);
                // a 15 ms group window capped single writes at in-flight / 15 ms (docs/stack.md).
                "commitlog_sync: batch",
                "seed_provider:",
                "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
                "    parameters:",
                "      - seeds: \"" + node.seeds() + "\"",
                "listen_address: " + node.host(),
                "rpc_address: " + node.host(),
                "storage_port: " + s.storagePort(),
                "native_transport_port: " + s.cassandraPort(),
                "start_native_transport: true",
                "endpoint_snitch: " + (node.inRing() ? "GossipingPropertyFileSnitch" : "SimpleSnitch"),
                "data_file_directories: [" + home.resolve("data") + "]",
                "commitlog_directory: " + home.resolve("commitlog"),
                "saved_caches_directory: " + home.resolve("saved_caches"),
                "hints_directory: " + home.resolve("hints"),
                "cdc_raw_directory: " + home.resolve("cdc_raw"),
                // Room for a Spark job's batched writes of many small rows.
                "batch_size_fail_threshold: 640KiB",
                "") + (s.secure() ? secureSettings() : ""));
        files.write(home.resolve("conf/logback.xml"), """
                <configuration>
                  <statusListener class="ch.qos.logback.core.status.NopStatusListener"/>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{ISO8601} %-5level [%thread] %logger{0} - %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
        if (node.inRing()) {
            files.write(home.resolve("conf/cassandra-rackdc.properties"), "dc=" + s.datacenter() + "\nrack=" + node.rack() + "\n");
        }
    }

    /**
     * Passwords, roles and permissions, and TLS required on the client port. The file is
     * mode 600, being a secure stack's, as it names the key store's password (Cassandra prints
     * these options redacted).
     */
    private String secureSettings() throws IOException {
        StackSecrets secrets = StackSecrets.of(s);
        return String.join("\n",
                "authenticator:",
                "  class_name: org.apache.cassandra.auth.PasswordAuthenticator",
                "authorizer:",
                "  class_name: org.apache.cassandra.auth.CassandraAuthorizer",
                "role_manager:",
                "  class_name: org.apache.cassandra.auth.CassandraRoleManager",
                "client_encryption_options:",
                "  enabled: true",
                "  optional: false",
                "  keystore: " + secrets.keystore(),
                "  keystore_password: " + secrets.keystorePassword(),
                "  store_type: PKCS12",
                "  require_client_auth: false",
                "");
    }

    @Override
    public List<String> jvmArguments() {
        List<String> args = new java.util.ArrayList<>(List.of(
                "-Xms256m", "-Xmx" + s.cassandraHeap(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError",
                "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
                "--add-opens=java.base/java.io=ALL-UNNAMED",
                "-Djava.net.preferIPv4Stack=true",
                "-Dcassandra-foreground=yes", // otherwise it closes stdout, and its log with it
                "-Dcassandra.config=" + home.resolve("conf/cassandra.yaml").toUri(),
                "-Dcassandra.storagedir=" + home,
                "-Dcassandra.logdir=" + s.logs(),
                "-Dcassandra.triggers_dir=" + home.resolve("triggers"),
                "-Dlogback.configurationFile=" + home.resolve("conf/logback.xml"),
                "-Dcassandra.skip_wait_for_gossip_to_settle=0",
                "-Dcassandra.superuser_setup_delay_ms=0"));
        if (node.inRing()) {
            args.add("-Dcassandra-rackdc.properties=" + home.resolve("conf/cassandra-rackdc.properties").toUri());
        }
        args.add("org.apache.cassandra.service.CassandraDaemon");
        return args;
    }

    @Override
    public Health probe() {
        if (!accepts(node.host(), s.cassandraPort())) {
            return Health.down("port " + s.cassandraPort() + " not accepting connections");
        }
        CassandraAccess access = s.secure() ? StackSecrets.of(s).cassandraAdmin() : CassandraAccess.PLAIN;
        try (CqlSession session = openSession(node.host(), s.cassandraPort(), s.datacenter(), access, Duration.ofSeconds(5))) {
            // Asked of this node itself: in a ring the driver would otherwise pick any coordinator.
            var statement = com.datastax.oss.driver.api.core.cql.SimpleStatement.newInstance("SELECT release_version FROM system.local");
            var self = session.getMetadata().findNode(new InetSocketAddress(node.host(), s.cassandraPort()));
            if (self.isPresent()) {
                statement = statement.setNode(self.get());
            }
            Row row = session.execute(statement).one();
            return Health.ok("Cassandra " + (row == null ? "?" : row.getString(0)));
        } catch (RuntimeException e) {
            return Health.down("CQL query failed: " + e.getMessage());
        }
    }

    /**
     * A short-lived session for probes and set-up, with timeouts suited to a local node. The
     * host may be a comma-separated list of a cluster's nodes ({@link ContactPoints}).
     */
    public static CqlSession openSession(String host, int port, String datacenter, Duration timeout) {
        return openSession(host, port, datacenter, CassandraAccess.PLAIN, timeout);
    }

    /** The same, with credentials and TLS. */
    public static CqlSession openSession(String host, int port, String datacenter, CassandraAccess access, Duration timeout) {
        return CqlSessions.shortLived(host, port, datacenter, access, timeout);
    }

    static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
