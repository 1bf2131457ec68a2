package io.safetywatcher.cli;

import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.stack.junit.StackEndpoints;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs a command exactly as ./watcher would (same picocli set-up and exit codes), against a test stack. */
final class Cli {
    record Result(int code, String out, String err) {
        @Override
        public String toString() { return "exit " + code + "\n--- out:\n" + out + "\n--- err:\n" + err; }
    }

    private Cli() {}

    /** The flags that point the CLI at the test stack: every non-default key of its configuration. */
    static List<String> flags(WatcherConfig config) {
        List<String> f = new ArrayList<>();
        for (Map.Entry<String, WatcherConfig.Setting> e : config.settings().entrySet()) {
            if (!"default".equals(e.getValue().source()) && !"launcher".equals(e.getValue().source())) {
                f.add("--set");
                f.add(e.getKey() + "=" + e.getValue().value());
            }
        }
        return f;
    }

    static Result run(StackEndpoints stack, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(flags(stack.config()));
        return runRaw(all.toArray(String[]::new));
    }

    /** As the shell runs a command: on connections already open (no --set needed). */
    static Result run(Connections shared, String... args) {
        return execute(new Main(shared, false), args);
    }

    static Result runRaw(String... args) {
        return execute(new Main(), args);
    }

    private static Result execute(Main main, String... args) {
        CommandLine cl = Main.commandLine(main);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        try {
            return new Result(cl.execute(args), out.toString(), err.toString());
        } finally {
            main.closeIfOwned();
        }
    }
}
