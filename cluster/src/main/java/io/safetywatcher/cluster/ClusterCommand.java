package io.safetywatcher.cluster;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.shell.ConfigOptions;
import io.safetywatcher.shell.FormatOption;
import io.safetywatcher.shell.Program;
import io.safetywatcher.stack.ServerProcess;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ./watcher cluster up|status|down|submit|kill|start|logs|drill}: a real cluster on this machine. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "A real cluster on this machine: a three-node Cassandra ring, three KRaft brokers and a Spark standalone "
                + "master with two workers, each node a child JVM on its own loopback address; the jobs submitted to it as "
                + "docker-compose.yml submits them.",
        subcommands = {ClusterCommand.Up.class, ClusterCommand.Status.class, ClusterCommand.Down.class, ClusterCommand.Submit.class,
                ClusterCommand.Kill.class, ClusterCommand.Start.class, ClusterCommand.Logs.class, FaultDrill.class,
                CommandLine.HelpCommand.class})
public final class ClusterCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ConfigOptions config;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 2;
    }

    /** --config/--set (inherited) and --dir, plus the output stream. */
    static final class Context {
        @Option(names = "--dir", paramLabel = "DIR", description = "Where the cluster's data, logs and pid files live (cluster.dir, default .watcher-cluster).")
        Path dir;
        @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
        CommandLine.Model.CommandSpec spec;

        WatcherConfig config() {
            return ConfigOptions.of(spec).load(dir == null ? Map.of() : Map.of("cluster.dir", dir.toString()));
        }

        Cluster cluster() { return Cluster.of(config()); }

        PrintWriter out() { return spec.commandLine().getOut(); }
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Start every node that is not running and wait until each answers (Cassandra nodes one after another), "
                    + "then create the topics (replication 3, min.insync.replicas 2) and apply the schema (NetworkTopologyStrategy). "
                    + "Running it twice is harmless.")
    static final class Up implements Callable<Integer> {
        @CommandLine.Mixin Context ctx;

        @Override
        public Integer call() throws Exception {
            WatcherConfig c = ctx.config();
            PrintWriter out = ctx.out();
            out.println("configuration (non-default keys):");
            c.describe().stream().filter(l -> l.endsWith(")")).forEach(out::println);
            long t0 = System.nanoTime();
            Cluster cluster = Cluster.of(c);
            cluster.up(c, line -> {
                out.println("  " + line);
                out.flush();
            });
            ClusterSettings s = cluster.settings();
            out.printf("cluster up in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            out.println("  cassandra  " + String.join(",", s.cassandraAddresses()) + " port " + s.cassandraPort() + " (datacenter "
                    + s.datacenter() + ", keyspace " + s.keyspace() + ")");
            out.println("  kafka      " + s.kafkaBootstrap());
            out.println("  spark      " + s.masterUrl() + "  (master page http://" + s.masterAddress() + ":" + s.masterUiPort() + "/)");
            out.println("  clients    --set for each key, or these variables:");
            s.clientEnvironment().forEach((k, v) -> out.println("             " + k + "=" + v));
            out.println("  data/logs  " + s.dir());
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Each node's address, pid, health and memory, and each submitted job's. Exit 0 only when every node "
                    + "(and every job that runs) is healthy.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Mixin Context ctx;
        @CommandLine.Mixin FormatOption format;

        @Override
        public Integer call() {
            Cluster cluster = ctx.cluster();
            List<Cluster.NodeStatus> all = cluster.status();
            PrintWriter out = ctx.out();
            if (format.json()) {
                ArrayNode arr = Json.MAPPER.createArrayNode();
                for (Cluster.NodeStatus s : all) {
                    var o = arr.addObject();
                    o.put("server", s.name());
                    o.put("host", s.host());
                    if (s.pid() != null) o.put("pid", s.pid()); else o.putNull("pid");
                    o.put("port", s.port());
                    o.put("running", s.running());
                    o.put("healthy", s.healthy());
                    o.put("detail", s.detail());
                    o.put("rss_bytes", s.rssBytes());
                }
                out.println(arr.toPrettyString());
            } else {
                out.printf("%-15s %-10s %-8s %-6s %-9s %9s  %s%n", "SERVER", "ADDRESS", "PID", "PORT", "HEALTH", "MEMORY", "DETAIL");
                for (Cluster.NodeStatus s : all) {
                    boolean job = cluster.isDriver(s.name());
                    out.printf("%-15s %-10s %-8s %-6d %-9s %9s  %s%n", s.name(), s.host(), s.pid() == null ? "-" : s.pid(), s.port(),
                            s.healthy() ? "healthy" : s.running() ? "UNHEALTHY" : job ? "-" : "stopped",
                            s.running() ? String.format("%.0f MB", s.rssBytes() / 1048576.0) : "-",
                            !s.running() && job ? "not submitted (cluster submit " + s.name() + ")" : s.detail());
                }
            }
            return all.stream().allMatch(s -> s.healthy() || (!s.running() && cluster.isDriver(s.name()))) ? 0 : 1;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Stop the jobs, the workers, the master, the brokers and the nodes cleanly (SIGTERM, then wait). Data stays.")
    static final class Down implements Callable<Integer> {
        @CommandLine.Mixin Context ctx;

        @Override
        public Integer call() {
            ctx.cluster().down(line -> ctx.out().println("  " + line));
            return 0;
        }
    }

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = "Submit a job as docker-compose.yml does (spark-submit, client mode, its submit jar and arguments): the driver "
                    + "runs here in the background, its executors on the workers. Returns once an executor has registered.")
    static final class Submit implements Callable<Integer> {
        @CommandLine.Mixin Context ctx;
        @Parameters(paramLabel = "JOB", description = "alert-job or analytics.")
        String job;

        @Override
        public Integer call() {
            ClusterJob j = ClusterJob.of(job);
            Cluster cluster = ctx.cluster();
            cluster.submit(j, line -> ctx.out().println("  " + line));
            ctx.out().println("  " + j.id() + " UI: http://" + cluster.settings().driverAddress() + ":" + cluster.settings().driverUiPorts().get(j.id())
                    + "/  log: " + cluster.process(j.id()).logFile());
            return 0;
        }
    }

    @Command(name = "kill", mixinStandardHelpOptions = true, description = "kill -9 one server (a crash, for fault drills); 'start' brings it back.")
    static final class Kill implements Callable<Integer> {
        @CommandLine.Mixin Context ctx;
        @Parameters(paramLabel = "SERVER", description = "e.g. cassandra-2, kafka-1, spark-worker-1, alert-job.")
        String server;

        @Override
        public Integer call() {
            long pid = ctx.cluster().kill(server);
            ctx.out().println("  " + server + " (pid " + pid + ") killed");
            return 0;
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start one server again on its own data and wait until it answers.")
    static final class Start implements Callable<Integer> {
        @CommandLine.Mixin Context ctx;
        @Parameters(paramLabel = "SERVER", description = "e.g. cassandra-2, kafka-1, spark-worker-1, alert-job.")
        String server;

        @Override
        public Integer call() {
            ctx.cluster().start(server, line -> ctx.out().println("  " + line));
            return 0;
        }
    }

    @Command(name = "logs", mixinStandardHelpOptions = true, description = "Print the end of a server's log.")
    static final class Logs implements Callable<Integer> {
        @CommandLine.Mixin Context ctx;
        @Parameters(paramLabel = "SERVER", description = "e.g. cassandra-1, kafka-3, spark-master, alert-job.")
        String server;
        @Option(names = {"-n", "--lines"}, defaultValue = "50", description = "How many lines (${DEFAULT-VALUE}).")
        int lines;

        @Override
        public Integer call() {
            ServerProcess p = ctx.cluster().process(server);
            p.tail(lines).forEach(ctx.out()::println);
            return 0;
        }
    }

    public static void main(String[] args) {
        Program.exit(new ClusterCommand(), args);
    }
}
