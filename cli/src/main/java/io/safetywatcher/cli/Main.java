package io.safetywatcher.cli;

import io.safetywatcher.cli.command.AlertsCommand;
import io.safetywatcher.cli.command.AnalyticsCommand;
import io.safetywatcher.cli.command.CompletionCommand;
import io.safetywatcher.cli.command.CqlCommand;
import io.safetywatcher.cli.command.DevicesCommand;
import io.safetywatcher.cli.command.EvidenceCommand;
import io.safetywatcher.cli.command.FramesCommand;
import io.safetywatcher.cli.command.HeatmapCommand;
import io.safetywatcher.cli.command.HotspotsCommand;
import io.safetywatcher.cli.command.ReadingsCommand;
import io.safetywatcher.cli.command.ShellCommand;
import io.safetywatcher.cli.command.StatsCommand;
import io.safetywatcher.cli.command.TrendsCommand;
import io.safetywatcher.cli.command.ZonesCommand;
import io.safetywatcher.cli.demo.DemoCommand;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.shell.ConfigOptions;
import io.safetywatcher.shell.Program;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./watcher <command>}: the operator's commands. Exit codes ({@link Program}): 0 ok,
 * 1 failure, 2 usage or configuration error (an unknown command, a wrong flag, a value the CLI
 * refuses or a bad configuration key, with a message that says which). The same command objects serve one-shot runs and the shell; the shell hands in its
 * already open {@link Connections}.
 */
@Command(name = "watcher", mixinStandardHelpOptions = true, version = "Safety Watcher 0.1.0",
        description = "Safety Watcher: CCTV and sensor streams to alerts, kept in Cassandra.",
        subcommands = {ZonesCommand.class, DevicesCommand.class, io.safetywatcher.cli.command.RegistryCommand.class, AlertsCommand.class, ReadingsCommand.class, FramesCommand.class,
                EvidenceCommand.class, TrendsCommand.class, HotspotsCommand.class, HeatmapCommand.class, StatsCommand.class,
                CqlCommand.class, AnalyticsCommand.class, ShellCommand.class, CompletionCommand.class, DemoCommand.class,
                io.safetywatcher.cli.eval.EvalCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** --config/--set, inherited by every command. */
    @CommandLine.Mixin
    ConfigOptions configOptions;

    private Connections connections;
    private final boolean shared;
    private boolean colour;
    private org.jline.terminal.Terminal terminal;
    private final List<Runnable> cancellations = new CopyOnWriteArrayList<>();

    public Main() {
        this(null, false);
    }

    /** For the shell: every command uses these connections, which the shell closes. */
    public Main(Connections connections, boolean colour) {
        this.connections = connections;
        this.shared = connections != null;
        this.colour = colour;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 2;
    }

    /** The connections, opened from the configuration on first use. */
    public synchronized Connections connections() {
        if (connections == null) {
            connections = new Connections(config());
        }
        return connections;
    }

    public WatcherConfig config() {
        return connections != null ? connections.config() : configOptions.load();
    }

    public boolean colour() { return colour; }

    public boolean inShell() { return shared; }

    /** The shell's terminal, for commands that read lines themselves (interactive cql); null outside the shell. */
    public org.jline.terminal.Terminal terminal() { return terminal; }

    public void terminal(org.jline.terminal.Terminal t) { this.terminal = t; }

    /** What to do if the operator cancels the running command (Ctrl-C): wake a blocked poll, stop a child. */
    public Runnable onCancel(Runnable action) {
        cancellations.add(action);
        return () -> cancellations.remove(action);
    }

    /** Runs the running command's cancel actions; false when it registered none (then only an interrupt can stop it). */
    public boolean cancel() {
        List<Runnable> actions = List.copyOf(cancellations);
        actions.forEach(Runnable::run);
        return !actions.isEmpty();
    }

    void closeIfOwned() {
        if (!shared && connections != null) {
            connections.close();
            connections = null;
        }
    }

    public static CommandLine commandLine() {
        return commandLine(new Main());
    }

    public static CommandLine commandLine(Main main) {
        return Program.configure(new CommandLine(main));
    }

    public static void main(String[] args) {
        // The driver's own warning about an unreachable node would repeat what our error says.
        if (org.slf4j.LoggerFactory.getLogger("com.datastax.oss.driver") instanceof ch.qos.logback.classic.Logger driver) {
            driver.setLevel(ch.qos.logback.classic.Level.ERROR);
        }
        Main main = new Main();
        main.colour = System.console() != null && System.getenv("NO_COLOR") == null;
        CommandLine cl = commandLine(main);
        // Ctrl-C on a one-shot command (alerts tail, a child job): let it finish cleanly (commit
        // what it has shown, stop the child) before the JVM goes.
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            main.cancel();
            try {
                done.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "watcher-cancel"));
        int code;
        try {
            code = cl.execute(args);
        } finally {
            main.closeIfOwned();
            done.countDown();
        }
        System.exit(code);
    }
}
