package io.safetywatcher.stack;

import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.security.CassandraAccess;
import io.safetywatcher.common.security.KafkaAccess;
import io.safetywatcher.common.security.TrustStore;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A secure stack's secrets, made once under {@code <stack.dir>/secrets} (mode 700, files 600):
 * a local CA, one server key store (Cassandra and Kafka share it; its certificate names the
 * loopback address and the configured hosts), the clients' trust store, a random password per
 * {@link StackRole} that logs in and per named operator account, and a client configuration file
 * for each of those that names those files. Made with
 * the JDK's {@code keytool}, passwords passed as {@code -storepass:file}, so no secret is ever on
 * a command line or printed.
 */
public final class StackSecrets {
    static final String CREATED = "created";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    /** Secrets are private whatever the stack: folder 700, files 600. */
    private static final StackFiles PRIVATE = new StackFiles(true);
    private final Path dir;

    private StackSecrets(Path dir) { this.dir = dir; }

    /** Whether this stack folder holds a secure stack's secrets. */
    static boolean present(Path stackDir) { return Files.isRegularFile(stackDir.resolve("secrets").resolve(CREATED)); }

    /** The secrets of a secure stack; made now if the folder has none. */
    public static StackSecrets of(StackSettings s) {
        StackSecrets secrets = new StackSecrets(s.secrets());
        if (!present(s.dir())) {
            if (Files.exists(s.dir().resolve("kafka/data/meta.properties")) || Files.isDirectory(s.dir().resolve("cassandra/data/system"))) {
                throw new StackException(s.dir() + " holds a stack that was set up without --secure; its servers cannot be "
                        + "secured in place. Use another folder (--dir) for the secure stack, or remove this one.");
            }
            secrets.create(s);
        } else {
            secrets.addMissingRoles(s);
        }
        return secrets;
    }

    /** A folder secured by an older version lacks the roles added since (the action service's): their password and client file. */
    private void addMissingRoles(StackSettings s) {
        try {
            SecureRandom random = new SecureRandom();
            for (StackRole role : StackRole.values()) {
                if (role.login() && !Files.exists(passwordFile(role.principal()))) {
                    PRIVATE.write(passwordFile(role.principal()), randomPassword(random) + "\n");
                    writeClientFile(s, clientConfig(role), role.principal(), role.hasCassandraRole());
                }
            }
        } catch (IOException e) {
            throw new StackException("cannot add the new roles' secrets in " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path dir() { return dir; }

    public Path keystore() { return dir.resolve("server-keystore.p12"); }

    public Path truststore() { return dir.resolve("truststore.p12"); }

    public Path caCertificate() { return dir.resolve("ca.crt"); }

    public Path passwordFile(String name) { return dir.resolve(name + ".password"); }

    public String password(String name) {
        try {
            return Files.readString(passwordFile(name)).strip();
        } catch (IOException e) {
            throw new StackException("cannot read " + passwordFile(name) + ": " + e.getMessage(), e);
        }
    }

    public String keystorePassword() { return password("keystore"); }

    /** Cassandra's built-in superuser, which a fresh node creates and the stack drops once its own admin exists. */
    static final String DEFAULT_SUPERUSER = "cassandra";
    static final String CASSANDRA_ADMIN_READY = "cassandra-admin-ready";

    public TrustStore trustStore() { return new TrustStore(truststore().toString(), "PKCS12", password("truststore")); }

    /** The stack's own Cassandra login: its admin once made, before that the node's default superuser. */
    public CassandraAccess cassandraAdmin() {
        return Files.exists(dir.resolve(CASSANDRA_ADMIN_READY))
                ? CassandraAccess.password(StackRole.ADMIN.principal(), password(StackRole.ADMIN.principal()), trustStore())
                : CassandraAccess.password(DEFAULT_SUPERUSER, DEFAULT_SUPERUSER, trustStore());
    }

    void markCassandraAdminReady() {
        try {
            PRIVATE.write(dir.resolve(CASSANDRA_ADMIN_READY), java.time.Instant.now() + "\n");
        } catch (IOException e) {
            throw new StackException("cannot write " + dir.resolve(CASSANDRA_ADMIN_READY) + ": " + e.getMessage(), e);
        }
    }

    public KafkaAccess kafkaAdmin() {
        return KafkaAccess.scram(StackRole.ADMIN.principal(), password(StackRole.ADMIN.principal()), trustStore());
    }

    /** The client configuration file for a role: use it as {@code --config FILE} or {@code WATCHER_CONFIG}. */
    public Path clientConfig(StackRole role) { return dir.resolve(role.id() + ".properties"); }

    /** The client configuration file of an operator account. */
    public Path operatorConfig(String name) { return dir.resolve("operator-" + StackRole.operatorName(name) + ".properties"); }

    private Path operatorList() { return dir.resolve("operators"); }

    /** The named operator accounts, in the order they were added. */
    public List<String> operators() {
        try {
            return Files.exists(operatorList()) ? Files.readAllLines(operatorList()).stream().map(String::strip).filter(l -> !l.isEmpty()).toList()
                    : List.of();
        } catch (IOException e) {
            throw new StackException("cannot read " + operatorList() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes an operator account's password and client file (once: adding a name twice keeps its
     * password). {@link Provisioning#applyAccessPolicy} then creates its role and Kafka user.
     */
    public Path addOperator(StackSettings s, String name) {
        StackRole.operatorName(name);
        if (!operators().contains(name)) {
            try {
                PRIVATE.write(passwordFile(name), randomPassword(new SecureRandom()) + "\n");
                writeClientFile(s, operatorConfig(name), name, true);
                List<String> names = new ArrayList<>(operators());
                names.add(name);
                PRIVATE.write(operatorList(), String.join("\n", names) + "\n");
            } catch (IOException e) {
                throw new StackException("cannot write operator " + name + "'s secrets in " + dir + ": " + e.getMessage(), e);
            }
        }
        return operatorConfig(name);
    }

    /** Every password this stack made, e.g. for a test that greps logs for them. */
    public List<String> allPasswords() {
        List<String> all = new ArrayList<>();
        for (String name : passwordNames()) {
            all.add(password(name));
        }
        return all;
    }

    /** {@code base} connecting as {@code role}: the access keys of the role's client file, ports left as they are. */
    public WatcherConfig as(WatcherConfig base, StackRole role) {
        if (!role.login()) {
            throw new StackException(role.principal() + " has no login: connect as a named operator (stack operator add NAME)");
        }
        return as(base, role.principal(), role.hasCassandraRole());
    }

    /** {@code base} connecting as the operator account {@code name}. */
    public WatcherConfig asOperator(WatcherConfig base, String name) {
        if (!operators().contains(name)) {
            throw new StackException("no operator account '" + name + "' (stack operator add " + name + ")");
        }
        return as(base, name, true);
    }

    private WatcherConfig as(WatcherConfig base, String principal, boolean cassandra) {
        WatcherConfig c = base;
        for (var e : accessKeys(principal, cassandra).entrySet()) {
            c = c.with(e.getKey(), e.getValue(), "secure stack, " + principal);
        }
        return c;
    }

    private Map<String, String> accessKeys(String principal, boolean cassandra) {
        Map<String, String> m = new LinkedHashMap<>();
        String pw = passwordFile(principal).toString();
        m.put("cassandra.username", cassandra ? principal : "");
        m.put("cassandra.password-file", cassandra ? pw : "");
        m.put("cassandra.tls.enabled", "true");
        m.put("cassandra.tls.truststore", truststore().toString());
        m.put("cassandra.tls.truststore-password-file", passwordFile("truststore").toString());
        m.put("kafka.security.protocol", "SASL_SSL");
        m.put("kafka.sasl.mechanism", "SCRAM-SHA-512");
        m.put("kafka.sasl.username", principal);
        m.put("kafka.sasl.password-file", pw);
        m.put("kafka.tls.truststore", truststore().toString());
        m.put("kafka.tls.truststore-password-file", passwordFile("truststore").toString());
        return m;
    }

    private static List<String> rolePasswordNames() {
        List<String> names = new ArrayList<>(List.of("ca", "keystore", "truststore"));
        for (StackRole r : StackRole.values()) {
            if (r.login()) {
                names.add(r.principal());
            }
        }
        return names;
    }

    private List<String> passwordNames() {
        List<String> names = new ArrayList<>(rolePasswordNames());
        names.addAll(operators());
        return names;
    }

    private void create(StackSettings s) {
        try {
            PRIVATE.createDirectories(dir);
            SecureRandom random = new SecureRandom();
            for (String name : rolePasswordNames()) {
                PRIVATE.write(passwordFile(name), randomPassword(random) + "\n");
            }
            makeKeystores(s);
            for (StackRole role : StackRole.values()) {
                if (role.login()) {
                    writeClientFile(s, clientConfig(role), role.principal(), role.hasCassandraRole());
                }
            }
            PRIVATE.write(dir.resolve(CREATED), java.time.Instant.now() + "\n");
        } catch (IOException e) {
            throw new StackException("cannot create the secure stack's secrets in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void writeClientFile(StackSettings s, Path file, String principal, boolean cassandra) throws IOException {
        StringBuilder text = new StringBuilder("# Connects as " + principal + " to the secure stack in " + s.dir()
                + ".\n# Use: --config " + file + "  (or WATCHER_CONFIG=" + file + ")\n");
        text.append("cassandra.host=").append(s.cassandraHost()).append('\n')
                .append("cassandra.port=").append(s.cassandraPort()).append('\n')
                .append("kafka.bootstrap=").append(s.kafkaBootstrap()).append('\n');
        accessKeys(principal, cassandra).forEach((k, v) -> text.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        PRIVATE.write(file, text.toString());
    }

    private void makeKeystores(StackSettings s) throws IOException {
        Path ca = dir.resolve("ca.p12");
        Path csr = dir.resolve("server.csr");
        Path signed = dir.resolve("server.crt");
        String caPass = "-storepass:file";
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                "-dname", "CN=Safety Watcher local CA", "-ext", "bc:c", "-keystore", ca.toString(), "-storetype", "PKCS12",
                caPass, passwordFile("ca").toString());
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), caPass, passwordFile("ca").toString(),
                "-file", caCertificate().toString());
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "825",
                "-dname", "CN=safety-watcher-stack", "-keystore", keystore().toString(), "-storetype", "PKCS12",
                "-storepass:file", passwordFile("keystore").toString());
        keytool("-certreq", "-alias", "server", "-keystore", keystore().toString(), "-storepass:file", passwordFile("keystore").toString(),
                "-file", csr.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), caPass, passwordFile("ca").toString(),
                "-infile", csr.toString(), "-outfile", signed.toString(), "-validity", "825", "-ext", "san=" + subjectAltNames(s));
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caCertificate().toString(), "-keystore", keystore().toString(),
                "-storepass:file", passwordFile("keystore").toString());
        keytool("-importcert", "-alias", "server", "-file", signed.toString(), "-keystore", keystore().toString(),
                "-storepass:file", passwordFile("keystore").toString());
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caCertificate().toString(), "-keystore", truststore().toString(),
                "-storetype", "PKCS12", "-storepass:file", passwordFile("truststore").toString());
        Files.delete(csr);
    }

    /** The loopback names and the hosts the servers are configured on, so hostname verification passes. */
    private static String subjectAltNames(StackSettings s) {
        Set<String> names = new LinkedHashSet<>(List.of("ip:127.0.0.1", "dns:localhost"));
        for (String host : List.of(s.cassandraHost(), s.kafkaHost())) {
            names.add(host.matches("[0-9.]+") || host.contains(":") ? "ip:" + host : "dns:" + host);
        }
        try {
            names.add("dns:" + InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            // no host name: loopback only
        }
        return String.join(",", names);
    }

    private void keytool(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(JavaRuntime.java().resolveSibling("keytool").toString());
        cmd.addAll(List.of(args));
        // Under umask 077, so the key stores and certificates it writes are 600 from the start.
        Process p = new ProcessBuilder(PRIVATE.command(cmd)).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new StackException("keytool " + args[0] + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while making the stack's keys");
        }
    }

    private static String randomPassword(SecureRandom random) {
        StringBuilder sb = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
