package io.safetywatcher.cli.command;

import io.safetywatcher.cli.Main;
import io.safetywatcher.cli.UsageError;
import io.safetywatcher.cli.shell.Shell;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code shell}: the interactive console over every command. */
@Command(name = "shell", mixinStandardHelpOptions = true,
        description = {"Interactive console: every command of ./watcher without the prefix, tab completion of commands, options and live "
                + "values (zones, devices, alert ids, types), history across sessions, Ctrl-C cancels the running command.",
                "exit or Ctrl-D leaves."})
public final class ShellCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--history", paramLabel = "FILE", description = "History file (default ~/.watcher_history).")
    Path history;

    @Override
    public Integer call() throws Exception {
        Main main = (Main) spec.root().userObject();
        if (main.inShell()) {
            throw new UsageError("already in the shell");
        }
        Path file = history != null ? history : Path.of(System.getProperty("user.home"), ".watcher_history");
        try (Terminal terminal = TerminalBuilder.builder().name("watcher").system(true).build()) {
            return new Shell(main.connections(), terminal, file).run();
        }
    }
}
