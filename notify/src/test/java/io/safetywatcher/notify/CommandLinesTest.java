package io.safetywatcher.notify;

import io.safetywatcher.shell.CommandLineChecks;
import io.safetywatcher.shell.Program;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Each program of this module through the shared shell; a bad routing file exits 2 naming file, line and field (no server starts). */
class CommandLinesTest {
    static List<Supplier<Object>> programs() { return List.of(NotifyMain::new); }

    @ParameterizedTest
    @MethodSource("programs")
    void helpWorksAndAWrongFlagIsAUsageError(Supplier<Object> program) {
        CommandLineChecks.helpWorksAndAWrongFlagIsAUsageError(program);
    }

    @Test
    void aBadRoutingFileIsAUsageErrorNamingTheLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("routes.yaml");
        Files.writeString(f, "receivers:\n  - name: journal\n    log: {}\nroute:\n  receiver: nobody\n");
        Program.Outcome o = Program.capture(Program.commandLine(new NotifyMain()), "--routes", f.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("routes.yaml line 5").contains("route.receiver").contains("no receiver named 'nobody'");
    }

}
