package io.safetywatcher.stack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Exit codes of {@code ./watcher stack}: 0 ok, 1 failure, 2 usage or configuration error. */
class StackCommandTest {

    @Test
    void statusOfAStackThatIsNotRunningExitsOne() {
        Path empty = Path.of("target", "no-stack-here").toAbsolutePath();
        assertThat(StackCommand.run("status", "--dir", empty.toString(), "--set", "cassandra.port=1", "--set", "kafka.port=2")).isEqualTo(1);
    }

    @Test
    void statusAsJsonNamesBothServers() {
        Path empty = Path.of("target", "no-stack-here").toAbsolutePath();
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        int code;
        try {
            System.setOut(new java.io.PrintStream(buf, true));
            code = StackCommand.run("status", "--format", "json", "--dir", empty.toString(), "--set", "cassandra.port=1", "--set", "kafka.port=2");
        } finally {
            System.setOut(old);
        }
        assertThat(code).isEqualTo(1);
        assertThat(buf.toString()).contains("\"server\" : \"cassandra\"").contains("\"server\" : \"kafka\"").contains("\"healthy\" : false");
    }

    @Test
    void aWrongFlagIsAUsageError() {
        assertThat(StackCommand.run("up", "--no-such-flag")).isEqualTo(2);
    }

    @Test
    void anUnknownConfigurationKeyIsAConfigurationErrorThatNamesIt() {
        assertThat(StackCommand.run("status", "--set", "cassandra.prot=9042")).isEqualTo(2);
    }
}
