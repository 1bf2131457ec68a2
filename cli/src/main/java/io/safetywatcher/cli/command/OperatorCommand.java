package io.safetywatcher.cli.command;

import io.safetywatcher.console.ActionClient;
import io.safetywatcher.cli.Connections;
import io.safetywatcher.cli.Main;
import io.safetywatcher.cli.output.Format;
import io.safetywatcher.cli.output.Printer;
import io.safetywatcher.cli.output.Table;
import io.safetywatcher.cli.store.AlertStore;
import io.safetywatcher.store.registry.Registry;
import io.safetywatcher.store.analytics.AnalyticsTables;
import io.safetywatcher.store.raw.RawTables;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;

/** What the operator commands share: the root's connections, the output format, cancellation. */
abstract class OperatorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", converter = Format.Converter.class,
            description = "Output: table (or text), json or csv (default ${DEFAULT-VALUE}).")
    Format format;

    Main main() { return (Main) spec.root().userObject(); }

    Connections connections() {
        var parsed = spec.commandLine().getParseResult();
        if (main().inShell() && (parsed.hasMatchedOption("--set") || parsed.hasMatchedOption("--config"))) {
            throw new io.safetywatcher.cli.UsageError("the shell's configuration is fixed when it starts: give --config/--set to ./watcher shell");
        }
        return main().connections();
    }

    Registry registry() { return connections().registry().read(); }

    AlertStore alerts() { return new AlertStore(connections().cassandra(), connections().keyspace()); }

    RawTables raw() { return new RawTables(connections().cassandra(), connections().keyspace()); }

    AnalyticsTables analytics() { return new AnalyticsTables(connections().cassandra(), connections().keyspace()); }

    PrintWriter out() { return spec.commandLine().getOut(); }

    PrintWriter err() { return spec.commandLine().getErr(); }

    Printer printer() { return new Printer(out(), format, main().colour()); }

    void print(Table... tables) { printer().print(tables); }

    static Instant now() { return Instant.now(); }

    /** The shell's Ctrl-C interrupts the command's thread. */
    static boolean cancelled() { return Thread.currentThread().isInterrupted(); }

    /** The OS login: names the tail's default consumer group, not an actor (the action service decides who acts). */
    static String login() { return System.getProperty("user.name", "operator"); }

    /**
     * Acts through the action service, the one write path; what it refuses as malformed (400) or
     * unknown (404) is a usage error here, anything else (a wrong login, no rights) a failure.
     */
    com.fasterxml.jackson.databind.JsonNode act(java.util.function.Function<ActionClient, com.fasterxml.jackson.databind.JsonNode> action) {
        try {
            return action.apply(new ActionClient(connections().config()));
        } catch (ActionClient.Refusal r) {
            if (r.status() == 400 || r.status() == 404) {
                throw new io.safetywatcher.cli.UsageError(r.getMessage());
            }
            throw new IllegalStateException(r.getMessage());
        }
    }
}
