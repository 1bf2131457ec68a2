package io.safetywatcher.cli.command;

import io.safetywatcher.cli.program.ChildProgram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code analytics run [...]}: the analytics batch job, as a child JVM. */
@Command(name = "analytics", mixinStandardHelpOptions = true, description = "The analytics batch job (Spark).",
        subcommands = AnalyticsCommand.Run.class)
public final class AnalyticsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "analytics needs a subcommand: run");
    }

    @Command(name = "run", description = {"Run the analytics job now (a Spark JVM of its own) and report how it ended. "
            + "Every argument goes to the job: 'analytics run --help' shows its options."})
    static final class Run implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            io.safetywatcher.cli.Main main = (io.safetywatcher.cli.Main) spec.root().userObject();
            ProcessBuilder pb = ChildProgram.sparkProgram(main.config(), "analytics-job", "io.safetywatcher.analytics.Main", args)
                    .inheritIO();
            Process p = pb.start();
            Runnable forget = main.onCancel(p::destroy); // SIGTERM: the job stops cleanly
            try {
                int code = p.waitFor();
                spec.commandLine().getErr().println("analytics job exited with status " + code);
                spec.commandLine().getErr().flush();
                return code;
            } catch (InterruptedException e) {
                p.destroy();
                p.waitFor();
                return 130;
            } finally {
                forget.run();
            }
        }
    }
}
