package io.safetywatcher.stack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The action service ({@code ./watcher console}, the console module) as the stack's third child:
 * started after provisioning, since it logs in with its own role and prepares statements on the
 * operators' tables. On a secure stack it connects as {@link StackRole#ACTIONS} and serves HTTPS
 * with the servers' key store, which the clients' trust store already trusts.
 */
final class ConsoleServer implements Server {
    static final String NAME = "console";
    private final StackSettings s;

    ConsoleServer(StackSettings s) { this.s = s; }

    @Override
    public String name() { return NAME; }

    @Override
    public int port() { return s.consolePort(); }

    @Override
    public List<Integer> ports() { return List.of(s.consolePort()); }

    @Override
    public Path dataDir() { return s.dir().resolve(NAME); }

    @Override
    public void prepare() { }

    @Override
    public Path classpath() { return s.home().resolve("console/target/lib"); }

    @Override
    public String classpathSpec() {
        return s.home().resolve("console/target/watcher-console.jar") + ":" + classpath().resolve("*");
    }

    /** No secret here: only the names of the files that hold them. */
    @Override
    public List<String> jvmArguments() {
        List<String> a = new ArrayList<>(List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "io.safetywatcher.console.ConsoleMain"));
        if (s.secure()) {
            StackSecrets secrets = StackSecrets.of(s);
            a.addAll(List.of("--config", secrets.clientConfig(StackRole.ACTIONS).toString(),
                    "--set", "console.tls.keystore=" + secrets.keystore(),
                    "--set", "console.tls.keystore-password-file=" + secrets.passwordFile("keystore")));
        }
        for (String kv : List.of("cassandra.host=" + s.cassandraHost(), "cassandra.port=" + s.cassandraPort(),
                "cassandra.datacenter=" + s.datacenter(), "cassandra.keyspace=" + s.keyspace(),
                "console.host=" + s.consoleHost(), "console.port=" + s.consolePort(), "kafka.bootstrap=" + s.kafkaBootstrap())) {
            a.addAll(List.of("--set", kv));
        }
        return a;
    }

    /** Where clients reach it: HTTPS on a secure stack. */
    URI address() { return s.consoleAddress(); }

    @Override
    public Health probe() {
        if (!CassandraServer.accepts(s.consoleHost(), s.consolePort())) {
            return Health.down("port " + s.consolePort() + " not accepting connections");
        }
        try {
            HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3));
            if (s.secure()) {
                b.sslContext(StackSecrets.of(s).trustStore().sslContext());
            }
            HttpResponse<String> r = b.build().send(HttpRequest.newBuilder(address().resolve("/health")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Health.ok("actions at " + address()) : Health.down("/health answered " + r.statusCode());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return Health.down("/health failed: " + e.getMessage());
        }
    }
}
