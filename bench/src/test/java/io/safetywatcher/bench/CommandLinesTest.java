package io.safetywatcher.bench;

import io.safetywatcher.alertjob.bench.BackfillBench;
import io.safetywatcher.alertjob.bench.IngestBench;
import io.safetywatcher.alertjob.bench.LatencyBench;
import io.safetywatcher.alertjob.bench.VisionBench;
import io.safetywatcher.analytics.bench.AnalyticsBench;
import io.safetywatcher.shell.CommandLineChecks;
import io.safetywatcher.simulator.bench.SimulatorBench;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.Supplier;

/** Each bench through the shared shell: --help exits 0, a wrong flag exits 2 saying which (no server starts). */
class CommandLinesTest {
    static List<Supplier<Object>> programs() {
        return List.of(SimulatorBench::new, IngestBench::new, LatencyBench::new, VisionBench::new, BackfillBench::new, AnalyticsBench::new,
                io.safetywatcher.notify.bench.NotifyBench::new, io.safetywatcher.console.bench.ConsoleBench::new);
    }

    @ParameterizedTest
    @MethodSource("programs")
    void helpWorksAndAWrongFlagIsAUsageError(Supplier<Object> program) {
        CommandLineChecks.helpWorksAndAWrongFlagIsAUsageError(program);
    }
}
