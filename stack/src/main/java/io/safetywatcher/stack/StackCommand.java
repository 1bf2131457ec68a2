package io.safetywatcher.stack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.shell.ConfigOptions;
import io.safetywatcher.shell.FormatOption;
import io.safetywatcher.shell.Program;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ./watcher stack up|status|down|logs}: the embedded Cassandra and Kafka. */
@Command(name = "stack", mixinStandardHelpOptions = true,
        description = "Runs the embedded default: a real Cassandra node and a real Kafka broker as child JVMs.",
        subcommands = {StackCommand.Up.class, StackCommand.Status.class, StackCommand.Down.class, StackCommand.Logs.class,
                ProvisionCommand.class, OperatorAccountCommand.class,
                CommandLine.HelpCommand.class})
public final class StackCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** --config/--set, inherited by every subcommand. */
    @CommandLine.Mixin
    ConfigOptions config;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 2;
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Start what is not running, wait until Cassandra answers CQL and Kafka acknowledges a produce, "
                    + "create the topics and apply the schema, then start the action service (console). Running it twice is harmless.")
    static final class Up implements Callable<Integer> {
        @CommandLine.Mixin ConfigMixin config;
        @Option(names = {"-v", "--verbose"}, description = "Print every configuration key.") boolean verbose;
        @Option(names = "--secure", description = "TLS and passwords on both servers, least-privilege roles and Kafka ACLs "
                + "(stack.secure); secrets and each role's client configuration under <stack dir>/secrets. Once a folder "
                + "is secure it stays so.") boolean secure;

        @Override
        public Integer call() throws Exception {
            WatcherConfig c = config.options.load();
            if (secure) {
                c = c.with("stack.secure", "true", "flag --secure");
            }
            PrintWriter out = config.out();
            printConfig(out, c, verbose);
            long t0 = System.nanoTime();
            Stack stack = Stack.of(c);
            stack.up(line -> out.println("  " + line));
            Provisioning.provision(stack, c, line -> out.println("  " + line));
            stack.startConsole(line -> out.println("  " + line));
            out.printf("stack up in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            out.println("  cassandra  " + c.get("cassandra.host") + ":" + c.get("cassandra.port")
                    + "  (keyspace " + c.get("cassandra.keyspace") + ", datacenter " + c.get("cassandra.datacenter") + ")");
            out.println("  kafka      " + c.get("kafka.bootstrap") + "  (topics " + c.get("topics.prefix") + "*)");
            out.println("  actions    " + stack.settings().consoleAddress()
                    + "  (the action service: alerts ack|resolve|comment|silence go through it)");
            out.println("  data/logs  " + stack.settings().dir());
            if (stack.settings().secure()) {
                out.println("  clients    TLS + passwords: connect with --config " + stack.settings().secrets().resolve("<role>.properties")
                        + " (roles: " + java.util.Arrays.stream(StackRole.values()).filter(StackRole::login).map(StackRole::id)
                        .reduce((a, b) -> a + ", " + b).orElse("") + "); operators: stack operator add NAME, then "
                        + stack.settings().secrets().resolve("operator-NAME.properties"));
            }
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Each server's pid, port, health, data size and memory (and the action service's). Exit 0 only when all are healthy.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Mixin ConfigMixin config;
        @CommandLine.Mixin FormatOption format;

        @Override
        public Integer call() {
            WatcherConfig c = config.options.load();
            List<Stack.ServerStatus> status = Stack.of(c).status();
            PrintWriter out = config.out();
            if (format.json()) {
                ArrayNode arr = Json.MAPPER.createArrayNode();
                for (Stack.ServerStatus s : status) {
                    var o = arr.addObject();
                    o.put("server", s.name());
                    if (s.pid() != null) o.put("pid", s.pid()); else o.putNull("pid");
                    o.put("port", s.port());
                    o.put("running", s.running());
                    o.put("healthy", s.healthy());
                    o.put("detail", s.detail());
                    o.put("data_bytes", s.dataBytes());
                    o.put("rss_bytes", s.rssBytes());
                }
                out.println(arr.toPrettyString());
            } else {
                out.printf("%-10s %-8s %-6s %-9s %10s %10s  %s%n", "SERVER", "PID", "PORT", "HEALTH", "DATA", "MEMORY", "DETAIL");
                for (Stack.ServerStatus s : status) {
                    out.printf("%-10s %-8s %-6d %-9s %10s %10s  %s%n", s.name(), s.pid() == null ? "-" : s.pid(), s.port(),
                            s.healthy() ? "healthy" : s.running() ? "UNHEALTHY" : "stopped", bytes(s.dataBytes()),
                            s.running() ? bytes(s.rssBytes()) : "-", s.detail());
                }
            }
            return status.stream().allMatch(Stack.ServerStatus::healthy) ? 0 : 1;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Stop the action service and both servers cleanly (SIGTERM, then wait). Data stays.")
    static final class Down implements Callable<Integer> {
        @CommandLine.Mixin ConfigMixin config;

        @Override
        public Integer call() {
            Stack.of(config.options.load()).down(line -> config.out().println("  " + line));
            return 0;
        }
    }

    @Command(name = "logs", mixinStandardHelpOptions = true, description = "Print the end of a server's log.")
    static final class Logs implements Callable<Integer> {
        @CommandLine.Mixin ConfigMixin config;
        @Parameters(arity = "0..1", paramLabel = "SERVER", description = "cassandra, kafka or console (default: all).")
        String server;
        @Option(names = {"-n", "--lines"}, defaultValue = "50", description = "How many lines (${DEFAULT-VALUE}).")
        int lines;
        @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until Ctrl-C.")
        boolean follow;

        @Override
        public Integer call() throws Exception {
            Stack stack = Stack.of(config.options.load());
            List<ServerProcess> which = server == null ? stack.processes() : List.of(stack.process(server));
            PrintWriter out = config.out();
            for (ServerProcess p : which) {
                if (which.size() > 1) {
                    out.println("==> " + p.logFile() + " <==");
                }
                p.tail(lines).forEach(out::println);
            }
            out.flush();
            if (follow && which.size() == 1) {
                Path log = which.get(0).logFile();
                long pos = Files.exists(log) ? Files.size(log) : 0;
                while (!Thread.currentThread().isInterrupted()) {
                    long size = Files.exists(log) ? Files.size(log) : 0;
                    if (size > pos) {
                        try (var ch = Files.newByteChannel(log)) {
                            ch.position(pos);
                            var buf = java.nio.ByteBuffer.allocate((int) Math.min(size - pos, 1 << 20));
                            ch.read(buf);
                            out.print(new String(buf.array(), 0, buf.position(), java.nio.charset.StandardCharsets.ISO_8859_1));
                            out.flush();
                            pos += buf.position();
                        }
                    }
                    Thread.sleep(500);
                }
            }
            return 0;
        }
    }

    /** The configuration (the inherited --config/--set, and --dir) plus the output stream, mixed into each subcommand. */
    static final class ConfigMixin {
        @Option(names = "--dir", paramLabel = "DIR", description = "Where data, logs and pid files live (stack.dir, default .watcher).")
        Path dir;
        @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
        CommandLine.Model.CommandSpec spec;
        /** What the subcommands load their configuration from. */
        final Source options = this::load;

        interface Source {
            WatcherConfig load();
        }

        private WatcherConfig load() {
            return ConfigOptions.of(spec).load(dir == null ? Map.of() : Map.of("stack.dir", dir.toString()));
        }

        PrintWriter out() { return spec.commandLine().getOut(); }
    }

    static void printConfig(PrintWriter out, WatcherConfig c, boolean all) {
        out.println("configuration" + (all ? ":" : " (non-default keys; -v for all):"));
        c.describe().stream().filter(l -> all || l.endsWith(")")).forEach(out::println);
    }

    static String bytes(long n) {
        if (n < 1024) return n + " B";
        if (n < 1024 * 1024) return String.format("%.1f KB", n / 1024.0);
        if (n < 1024L * 1024 * 1024) return String.format("%.1f MB", n / (1024.0 * 1024));
        return String.format("%.2f GB", n / (1024.0 * 1024 * 1024));
    }

    /** Exit codes: 0 ok, 1 failure (with a message, not a stack trace), 2 usage or configuration error. */
    public static int run(String... args) {
        return Program.run(new StackCommand(), args);
    }

    /** As {@link #run(String...)}, printing to {@code out}: a caller whose stdout is its own result keeps it clean. */
    public static int run(java.io.PrintWriter out, String... args) {
        return Program.commandLine(new StackCommand()).setOut(out).setErr(out).execute(args);
    }

    public static void main(String[] args) {
        Program.exit(new StackCommand(), args);
    }
}
