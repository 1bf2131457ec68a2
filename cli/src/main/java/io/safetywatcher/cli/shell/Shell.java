package io.safetywatcher.cli.shell;

import io.safetywatcher.cli.Connections;
import io.safetywatcher.cli.Main;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * The interactive console: reads a line, runs it as the same picocli command a one-shot
 * {@code ./watcher} would, on one shared set of connections. A command runs on a thread of its
 * own so that Ctrl-C cancels it (interrupt, plus whatever it registered: a consumer's wakeup,
 * a child's SIGTERM) while the shell stays.
 */
public final class Shell {
    private final Connections connections;
    private final Terminal terminal;
    private final Path history;

    public Shell(Connections connections, Terminal terminal, Path history) {
        this.connections = connections;
        this.terminal = terminal;
        this.history = history;
    }

    public int run() {
        boolean colour = !Terminal.TYPE_DUMB.equals(terminal.getType()) && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())
                && terminal.getNumericCapability(InfoCmp.Capability.max_colors) != null && System.getenv("NO_COLOR") == null;
        Main inner = new Main(connections, colour);
        inner.terminal(terminal);
        CommandLine cl = Main.commandLine(inner);
        PrintWriter w = terminal.writer();
        cl.setOut(w);
        cl.setErr(w);
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("watcher")
                .completer(new ShellCompleter(cl.getCommandSpec(), new LiveValues(connections)))
                .parser(new DefaultParser())
                .variable(LineReader.HISTORY_FILE, history)
                .build();
        w.println("Safety Watcher shell on " + connections.describe() + ".");
        w.println("'help' lists the commands, 'help COMMAND' or 'COMMAND --help' explains one; Tab completes; Ctrl-C cancels a "
                + "running command; exit or Ctrl-D leaves.");
        try {
            connections.cassandra();
        } catch (RuntimeException e) {
            w.println("warning: " + e.getMessage());
        }
        w.flush();
        String prompt = "watcher " + connections.config().get("cassandra.host") + ":" + connections.config().get("cassandra.port")
                + " " + connections.config().get("kafka.bootstrap") + "> ";
        while (true) {
            String line;
            try {
                line = reader.readLine(prompt);
            } catch (UserInterruptException e) {
                continue; // Ctrl-C at the prompt clears the line
            } catch (EndOfFileException e) {
                break;
            }
            List<String> words = reader.getParsedLine().words().stream().filter(s -> !s.isEmpty()).toList();
            if (words.isEmpty()) {
                continue;
            }
            if (words.size() == 1 && (words.get(0).equals("exit") || words.get(0).equals("quit"))) {
                break;
            }
            execute(cl, inner, words.toArray(String[]::new));
            w.flush();
        }
        try {
            reader.getHistory().save();
        } catch (java.io.IOException e) {
            w.println("warning: could not save the history to " + history + ": " + e.getMessage());
        }
        w.flush();
        return 0;
    }

    /** Runs one command; Ctrl-C while it runs cancels it and returns to the prompt. */
    int execute(CommandLine cl, Main inner, String[] args) {
        int[] code = {0};
        Thread worker = new Thread(() -> code[0] = cl.execute(args), "shell-command");
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> {
            // A command that registered its own cancel (a Kafka poll woken up) must not also be
            // interrupted: the interrupt can land in its last offset commit and lose what it showed.
            if (!inner.cancel()) {
                worker.interrupt();
            }
        });
        worker.start();
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
        }
        return code[0];
    }
}
