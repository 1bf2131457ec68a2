package io.safetywatcher.stack.junit;

import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.stack.Provisioning;
import io.safetywatcher.stack.Stack;
import io.safetywatcher.stack.StackException;
import io.safetywatcher.stack.StackRole;
import io.safetywatcher.stack.StackSecrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A secure embedded stack of a test's own ({@code stack up --secure} on free ports under
 * {@code target/<name>}): TLS and passwords on both servers, the roles and ACLs of
 * {@link StackRole}. {@link #as(StackRole)} is a configuration that connects as a role,
 * {@link #operator(String)} one that connects as a named operator account.
 * Separate from {@link RealStackExtension}'s plain stack, which most tests share.
 */
public final class SecureTestStack implements AutoCloseable {
    private final Stack stack;
    private final WatcherConfig base;
    private final StackSecrets secrets;
    /** The operator accounts {@link #operator(String)} has added. */
    private final Set<String> operators = ConcurrentHashMap.newKeySet();

    private SecureTestStack(Stack stack, WatcherConfig base, StackSecrets secrets) {
        this.stack = stack;
        this.base = base;
        this.secrets = secrets;
    }

    public static SecureTestStack start(String name) {
        TestHome.requireIntegrationLane("the secure test stack " + name);
        Path dir = Path.of("target", name).toAbsolutePath();
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("watcher.home", EmbeddedTestStack.home().toString());
        flags.put("stack.dir", dir.toString());
        flags.put("stack.secure", "true");
        flags.put("cassandra.port", Integer.toString(EmbeddedTestStack.freePort()));
        flags.put("cassandra.storage-port", Integer.toString(EmbeddedTestStack.freePort()));
        flags.put("kafka.port", Integer.toString(EmbeddedTestStack.freePort()));
        flags.put("kafka.controller-port", Integer.toString(EmbeddedTestStack.freePort()));
        flags.put("console.port", Integer.toString(EmbeddedTestStack.freePort()));
        WatcherConfig config = WatcherConfig.builder().flags(flags).build();
        Stack.of(config).down(line -> { });
        EmbeddedTestStack.deleteRecursively(dir);
        Stack stack = Stack.of(config);
        stack.up(line -> System.err.println("[secure test stack] " + line));
        try {
            Provisioning.provision(stack, config, line -> System.err.println("[secure test stack] " + line));
            stack.startConsole(line -> System.err.println("[secure test stack] " + line));
        } catch (Exception e) {
            stack.down(line -> { });
            throw new StackException("the secure test stack started but could not be provisioned: " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stack.down(line -> { })));
        return new SecureTestStack(stack, config, StackSecrets.of(stack.settings()));
    }

    /** The stack's configuration with no credentials: what an outsider has. */
    public WatcherConfig anonymous() { return base; }

    /** The stack's configuration connecting as {@code role}. */
    public WatcherConfig as(StackRole role) { return secrets.as(base, role); }

    /**
     * The stack's configuration connecting as operator account {@code name}, made now if it is new
     * (stack operator add). Adding re-applies the whole access policy (seconds over TLS), so a name
     * this stack has already added is not added again.
     */
    public WatcherConfig operator(String name) {
        if (!operators.contains(name)) {
            try {
                Provisioning.addOperator(stack, base, name);
            } catch (Exception e) {
                throw new StackException("cannot add operator " + name + ": " + e.getMessage(), e);
            }
            operators.add(name);
        }
        return secrets.asOperator(base, name);
    }

    public StackSecrets secrets() { return secrets; }

    public Stack stack() { return stack; }

    /** Every line of the servers' logs (and the files under {@code extra}) that contains one of the stack's passwords. */
    public List<String> linesWithSecrets(Path... extra) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> logs = Files.walk(stack.settings().dir().resolve("logs"))) {
            logs.filter(Files::isRegularFile).forEach(files::add);
        } catch (IOException e) {
            throw new StackException("cannot list the stack's logs: " + e.getMessage(), e);
        }
        files.addAll(List.of(extra));
        List<String> passwords = secrets.allPasswords();
        List<String> hits = new ArrayList<>();
        for (Path f : files) {
            try {
                for (String line : Files.readAllLines(f, java.nio.charset.StandardCharsets.ISO_8859_1)) {
                    if (passwords.stream().anyMatch(line::contains)) {
                        hits.add(f.getFileName() + ": " + line);
                    }
                }
            } catch (IOException e) {
                throw new StackException("cannot read " + f + ": " + e.getMessage(), e);
            }
        }
        return hits;
    }

    /**
     * Kills the servers rather than waiting for a clean shutdown (some 10 s): the stack is thrown
     * away, its folder deleted at the next start.
     */
    @Override
    public void close() {
        for (String server : List.of("console", "kafka", "cassandra")) {
            stack.process(server).stop(Duration.ZERO);
        }
        System.err.println("[secure test stack] killed");
    }
}
