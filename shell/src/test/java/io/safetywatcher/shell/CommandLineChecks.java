package io.safetywatcher.shell;

import io.safetywatcher.shell.Program.Outcome;

import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** What every program's command line must do, for each module's own test of its programs. */
public final class CommandLineChecks {
    private CommandLineChecks() {}

    /** {@code --help} exits 0 with the usage; a wrong flag exits 2 with a message naming it (before anything starts). */
    public static void helpWorksAndAWrongFlagIsAUsageError(Supplier<Object> program) {
        Outcome help = Program.capture(Program.commandLine(program.get()), "--help");
        assertThat(help.code()).as(help.err()).isZero();
        assertThat(help.out()).contains("Usage: ").contains("--help");
        Outcome wrong = Program.capture(Program.commandLine(program.get()), "--no-such-flag", "file");
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.err()).contains("error: Unknown option").contains("'--no-such-flag'").contains("--help");
    }
}
