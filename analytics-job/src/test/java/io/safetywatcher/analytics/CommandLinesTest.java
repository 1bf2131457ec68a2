package io.safetywatcher.analytics;

import io.safetywatcher.shell.CommandLineChecks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.Supplier;

/** Each program of this module through the shared shell: --help exits 0, a wrong flag exits 2 saying which (no server starts). */
class CommandLinesTest {
    static List<Supplier<Object>> programs() { return List.of(Main::new, TrainRisk::new); }

    @ParameterizedTest
    @MethodSource("programs")
    void helpWorksAndAWrongFlagIsAUsageError(Supplier<Object> program) {
        CommandLineChecks.helpWorksAndAWrongFlagIsAUsageError(program);
    }
}
