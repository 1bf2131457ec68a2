package io.safetywatcher.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * {@code ./watcher <command>}: the operator's commands. Exit codes: 0 ok, 1 failure, 2 usage
 * error (an unknown command or a wrong flag, with a message that says which).
 */
@Command(name = "watcher", mixinStandardHelpOptions = true, version = "Safety Watcher 0.1.0",
        description = "Safety Watcher: CCTV and sensor streams to alerts, kept in Cassandra.",
        subcommands = {DemoCommand.class, io.safetywatcher.cli.eval.EvalCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 2;
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println("error: " + e.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, c.getErr())) {
                c.usage(c.getErr());
            }
            return 2;
        });
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            c.getErr().println("error: " + e.getMessage());
            return 1;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
