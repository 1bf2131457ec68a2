package io.safetywatcher.cli.program;

import io.safetywatcher.common.config.WatcherConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a child program is started: the launcher's JVM options, the arguments untouched, the configuration handed on. */
class ChildProgramTest {

    static WatcherConfig config(Path home) {
        return WatcherConfig.builder().set("watcher.home", home.toString(), "test").set("cassandra.port", "19042", "flag").build();
    }

    @Test
    void aSparkProgramGetsSparksOpensItsJarAndLibAndEveryArgument(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve("analytics-job/target/lib"));
        Files.createFile(home.resolve("analytics-job/target/watcher-analytics-job.jar"));
        ProcessBuilder pb = ChildProgram.sparkProgram(config(home), "analytics-job", "io.safetywatcher.analytics.Main",
                List.of("--from", "2026-10-01", "--help"));
        List<String> cmd = pb.command();
        assertThat(cmd).contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "-Xmx1536m", "io.safetywatcher.analytics.Main");
        assertThat(cmd.subList(cmd.indexOf("io.safetywatcher.analytics.Main") + 1, cmd.size())).containsExactly("--from", "2026-10-01", "--help");
        assertThat(cmd.get(cmd.indexOf("-cp") + 1)).isEqualTo(home.resolve("analytics-job/target/watcher-analytics-job.jar") + ":"
                + home.resolve("analytics-job/target/lib") + "/*");
        Map<String, String> env = pb.environment();
        assertThat(env).containsEntry("WATCHER_CASSANDRA_PORT", "19042").containsEntry("WATCHER_WATCHER_HOME", home.toString());
    }

    @Test
    void aProgramThatIsNotBuiltIsNamed(@TempDir Path home) {
        assertThatThrownBy(() -> ChildProgram.sparkProgram(config(home), "analytics-job", "x.Main", List.of()))
                .hasMessageContaining("analytics-job is not built").hasMessageContaining("watcher-analytics-job.jar");
    }

    @Test
    void theLauncherRunsWithoutItsRebuildCheck(@TempDir Path home) {
        ProcessBuilder pb = ChildProgram.watcher(config(home), List.of("alert-job", "--trigger", "continuous"));
        assertThat(pb.command()).containsExactly(home.resolve("watcher").toString(), "alert-job", "--trigger", "continuous");
        assertThat(pb.environment()).containsEntry("WATCHER_NO_BUILD", "1").containsEntry("WATCHER_CASSANDRA_PORT", "19042");
    }
}
