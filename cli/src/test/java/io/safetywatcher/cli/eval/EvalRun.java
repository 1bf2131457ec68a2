package io.safetywatcher.cli.eval;

import io.safetywatcher.cli.Main;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One {@code ./watcher eval SUBCOMMAND ...} run in process: its exit code and what it printed. */
record EvalRun(int code, String out, String err) {
    static EvalRun of(String subcommand, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "eval";
        all[1] = subcommand;
        System.arraycopy(args, 0, all, 2, args.length);
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(all);
        return new EvalRun(code, out.toString(), err.toString());
    }
}
