package io.safetywatcher.stack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Exit codes of {@code ./watcher stack}: 0 ok, 1 failure, 2 usage error. */
class StackCommandTest {

    @Test
    void statusOfAStackThatIsNotRunningExitsOne() {
        Path empty = Path.of("target", "no-stack-here").toAbsolutePath();
        assertThat(StackCommand.run("status", "--dir", empty.toString(), "--set", "cassandra.port=1", "--set", "kafka.port=2")).isEqualTo(1);
    }

    @Test
    void aWrongFlagIsAUsageError() {
        assertThat(StackCommand.run("up", "--no-such-flag")).isEqualTo(2);
    }

    @Test
    void anUnknownConfigurationKeyIsAFailureThatNamesIt() {
        assertThat(StackCommand.run("status", "--set", "cassandra.prot=9042")).isEqualTo(1);
    }
}
