package io.safetywatcher.shell;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * The one {@code main} of every program: picocli with one exit-code policy ({@link ExitCode})
 * and one way of reporting. A usage error prints its message, any "did you mean", and a hint
 * (the list of commands where there are subcommands); a configuration error prints its message,
 * which names the key; any other failure prints its message, with the stack trace at debug level.
 */
public final class Program {
    private static final Logger LOG = LoggerFactory.getLogger(Program.class);

    private Program() {}

    /** A command line for this command object with the shared handlers installed. */
    public static CommandLine commandLine(Object command) {
        return configure(new CommandLine(command));
    }

    public static CommandLine configure(CommandLine cl) {
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((e, args) -> usageError(e));
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            PrintWriter err = c.getErr();
            err.println("error: " + message(e));
            err.flush();
            int code = ExitCode.of(e);
            if (code == ExitCode.FAILURE) {
                LOG.debug("{} failed", c.getCommandSpec().qualifiedName(), e);
            }
            return code;
        });
        return cl;
    }

    /** Runs the command and returns its exit status. */
    public static int run(Object command, String... args) {
        return commandLine(command).execute(args);
    }

    /** {@code main}: runs the command and exits the JVM with its status. */
    public static void exit(Object command, String... args) {
        System.exit(run(command, args));
    }

    /** What a run printed and returned: for tests of a program's command line. */
    public record Outcome(int code, String out, String err) {}

    /** Runs a command line with its output and errors captured. */
    public static Outcome capture(CommandLine cl, String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    private static int usageError(CommandLine.ParameterException e) {
        CommandLine c = e.getCommandLine();
        PrintWriter err = c.getErr();
        err.println("error: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        if (!c.getSubcommands().isEmpty()) {
            c.usage(err); // a missing or unknown command: the list of commands is the help wanted
        } else {
            err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
        }
        err.flush();
        return ExitCode.USAGE;
    }

    /**
     * The message; a Kafka client exception's with its cause's, since Kafka's own often says
     * only "Failed to create new KafkaAdminClient" and the reason is in the cause.
     */
    static String message(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        if (e.getClass().getName().startsWith("org.apache.kafka.") && cause != null) {
            return m + ": " + cause.getMessage();
        }
        return m;
    }
}
