package io.safetywatcher.cli;

import io.safetywatcher.cli.shell.Shell;
import io.safetywatcher.stack.junit.StackEndpoints;
import io.safetywatcher.stack.junit.StackTest;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The shell driven through jline's dumb terminal with piped streams, as a person at a keyboard would. */
@StackTest
class ShellTest {
    static StackEndpoints stack;
    static Seed seed;

    @BeforeAll
    static void seed(StackEndpoints endpoints) {
        stack = endpoints;
        seed = new Seed("sh" + Long.toString(System.nanoTime() % 100000, 36)).write(endpoints);
    }

    @Test
    void tabCompletesLiveZoneIdsCommandsRunAndAnUnknownCommandGivesHelp(@TempDir Path dir) throws Exception {
        Path history = dir.resolve("history");
        // "<tag>-st" + Tab completes to the one zone starting so (the other is "<tag>-market").
        String keys = "zones\n"
                + "devices --zone " + seed.tag + "-st\t\n"
                + "alertz\n"
                + "zones --set cassandra.port=1\n"
                + "exit\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Connections c = new Connections(stack.config());
             Terminal t = new DumbTerminal("test", "ansi", new java.io.ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)),
                     out, StandardCharsets.UTF_8)) {
            assertThat(new Shell(c, t, history).run()).isZero();
        }
        String screen = out.toString(StandardCharsets.UTF_8);
        assertThat(screen).contains("Safety Watcher shell on cassandra " + stack.cassandraHost() + ":" + stack.cassandraPort());
        assertThat(screen).contains(seed.zoneA).contains(seed.zoneB);                 // zones ran
        assertThat(screen).contains(seed.camera).contains(seed.sound).doesNotContain(seed.gunshotSensor + "  "); // completed --zone <zoneA>
        assertThat(screen).contains("Unmatched argument").contains("alertz").contains("Did you mean").contains("Commands:");   // unknown command: help
        assertThat(screen).contains("the shell's configuration is fixed when it starts");
        assertThat(Files.readString(history)).contains("zones").contains("devices --zone " + seed.zoneA);
    }

    @Test
    void interactiveCqlPagesAndReturnsToTheShell(@TempDir Path dir) throws Exception {
        String keys = "cql --page-size 1\n"
                + "SELECT zone_id FROM zones\n WHERE zone_id IN ('" + seed.zoneA + "', '" + seed.zoneB + "');\n"
                + "\n"          // Enter: the next page
                + "exit\n"      // leaves cql
                + "zones --format csv\n"
                + "exit\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Connections c = new Connections(stack.config());
             Terminal t = new DumbTerminal("test", "ansi", new java.io.ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)),
                     out, StandardCharsets.UTF_8)) {
            t.setSize(new Size(160, 40)); // jline cuts prompts to the width, and a piped terminal has none
            assertThat(new Shell(c, t, dir.resolve("h")).run()).isZero();
        }
        String screen = out.toString(StandardCharsets.UTF_8);
        assertThat(screen).contains("CQL on keyspace").contains("1 rows so far");
        // One row a page: one zone before the "more" prompt, the other after it (token order decides which).
        String before = screen.substring(0, screen.indexOf("1 rows so far"));
        String after = screen.substring(screen.indexOf("1 rows so far"));
        boolean aFirst = before.lines().anyMatch(l -> l.trim().equals(seed.zoneA));
        boolean bFirst = before.lines().anyMatch(l -> l.trim().equals(seed.zoneB));
        assertThat(aFirst ^ bFirst).as(screen).isTrue();
        assertThat(after.lines().anyMatch(l -> l.trim().equals(aFirst ? seed.zoneB : seed.zoneA))).as(screen).isTrue();
        assertThat(screen).contains("zone,name,kind");   // back in the shell
    }

    @Test
    void ctrlCCancelsTheRunningCommandNotTheShell(@TempDir Path dir) throws Exception {
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keys);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Connections c = new Connections(stack.config());
             Terminal t = new DumbTerminal("test", "ansi", in, out, StandardCharsets.UTF_8)) {
            int[] code = {-1};
            Thread shell = new Thread(() -> code[0] = new Shell(c, t, dir.resolve("h")).run());
            shell.start();
            keys.write(("alerts tail --group ctrl-c-" + seed.tag + "\n").getBytes(StandardCharsets.UTF_8));
            keys.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!out.toString(StandardCharsets.UTF_8).contains("tailing ") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("tailing ");
            t.raise(Terminal.Signal.INT);
            while (!out.toString(StandardCharsets.UTF_8).contains(" shown, ") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            keys.write(("zones\nexit\n").getBytes(StandardCharsets.UTF_8));
            keys.flush();
            shell.join(60_000);
            assertThat(shell.isAlive()).isFalse();
            assertThat(code[0]).isZero();
        }
        String screen = out.toString(StandardCharsets.UTF_8);
        assertThat(screen).contains("0 shown");
        assertThat(screen.substring(screen.indexOf("0 shown"))).contains(seed.zoneA); // the shell ran the next command
    }
}
