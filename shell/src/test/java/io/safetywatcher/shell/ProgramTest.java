package io.safetywatcher.shell;

import io.safetywatcher.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/** The runner's exit-code policy and the shared options, on a small program of its own. */
class ProgramTest {

    @Command(name = "toy", mixinStandardHelpOptions = true, resourceBundle = "io.safetywatcher.shell.Toy")
    static final class Toy implements Callable<Integer> {
        @Mixin ConfigOptions config;
        @Mixin FormatOption format;
        @Mixin TimeRangeOptions range;
        @ArgGroup(exclusive = false, heading = "Schedule:%n") ScheduleOptions schedule;
        @Option(names = "--fail") String fail;
        @Option(names = "--wait", converter = DurationConverter.class) Duration wait;

        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        final StringWriter seen = new StringWriter();

        @Override
        public Integer call() {
            int partitions = config.load().getInt("topics.partitions");
            if ("usage".equals(fail)) {
                throw new Refused();
            }
            if ("crash".equals(fail)) {
                throw new IllegalStateException("the disk is full");
            }
            Duration every = ScheduleOptions.period(schedule, spec.commandLine(), Duration.ofMinutes(1));
            seen.write(partitions + " " + format.format() + " " + range.fromDate() + " " + range.toInstant() + " " + every + " " + wait);
            return ExitCode.OK;
        }
    }

    static final class Refused extends RuntimeException implements UsageProblem {
        Refused() { super("the scenario file names an unknown zone"); }
    }

    record Outcome(int code, String out, String err, Toy toy) {}

    static Outcome run(String... args) {
        Toy toy = new Toy();
        CommandLine cl = Program.commandLine(toy);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return new Outcome(cl.execute(args), out.toString(), err.toString(), toy);
    }

    @Test
    void okIsZero() {
        Outcome o = run("--format", "json", "--from", "2026-10-01", "--to", "2026-10-02T06:00:00Z", "--every", "1h30m", "--wait", "1m30s");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.toy().seen.toString()).isEqualTo("3 JSON 2026-10-01 2026-10-02T06:00:00Z PT1H30M PT1M30S");
    }

    @Test
    void aFailureIsOneWithItsMessage() {
        Outcome o = run("--fail", "crash");
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.err()).isEqualTo("error: the disk is full" + System.lineSeparator());
    }

    @Test
    void aWrongFlagIsTwoWithTheMessageASuggestionAndTheHint() {
        Outcome o = run("--formt", "json");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("error: Unknown options: '--formt'").contains("--format")
                .contains("Try 'toy --help' for more information.");
    }

    @Test
    void aConfigurationErrorIsTwoAndNamesTheKey() {
        Outcome typo = run("--set", "topics.partitons=3");
        assertThat(typo.code()).isEqualTo(2);
        assertThat(typo.err()).contains("unknown configuration key 'topics.partitons'").contains("did you mean 'topics.partitions'");
        Outcome bad = run("--set", "topics.partitions=many");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("error: topics.partitions = 'many' (flag) is not a whole number");
    }

    @Test
    void aRefusedInputIsTwo() {
        Outcome o = run("--fail", "usage");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("error: the scenario file names an unknown zone");
    }

    @Test
    void helpIsZeroAndUsesTheProgramsWording() {
        Outcome o = run("--help");
        assertThat(o.code()).isZero();
        assertThat(o.out()).contains("--config=FILE").contains("--set=KEY=VALUE").contains("--format=text|json")
                .contains("Schedule:").contains("--every=DURATION").contains("First toy day, included.");
    }

    @Test
    void formatTakesTableAsText() {
        assertThat(run("--format", "table").toy().seen.toString()).contains(" TEXT ");
        assertThat(run().toy().seen.toString()).contains(" TEXT ");
        Outcome xml = run("--format", "xml");
        assertThat(xml.code()).isEqualTo(2);
        assertThat(xml.err()).contains("--format must be text or json, not 'xml'");
    }

    @Test
    void scheduleAndRangeMistakesAreUsageErrors() {
        assertThat(run("--once")).satisfies(o -> {
            assertThat(o.code()).isEqualTo(2);
            assertThat(o.err()).contains("--once goes with --every");
        });
        assertThat(run("--every", "30s").err()).contains("--every 30s is too short; the shortest period is 1m");
        assertThat(run("--every", "soon").err()).contains("--every").contains("'soon' is not a duration");
        assertThat(run("--from", "2026-13-01").err()).contains("--from '2026-13-01' is not a date like 2026-10-01");
        assertThat(run("--to", "noon").err()).contains("--to 'noon' is neither a date like 2026-10-01 nor an instant");
    }

    @Command(name = "suite", subcommands = Leaf.class)
    static final class Suite {
        @Mixin ConfigOptions config;
    }

    @Command(name = "leaf")
    static final class Leaf implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return ConfigOptions.of(spec).load().getInt("topics.partitions");
        }
    }

    @Test
    void configOptionsAreInheritedBySubcommands() {
        assertThat(Program.run(new Suite(), "leaf", "--set", "topics.partitions=7")).isEqualTo(7);
        assertThat(Program.run(new Suite(), "--set", "topics.partitions=5", "leaf")).isEqualTo(5);
        assertThat(Program.run(new Suite(), "leef")).isEqualTo(2);
    }

    @Test
    void exitCodeOfEachKind() {
        assertThat(ExitCode.of(new ConfigException("x"))).isEqualTo(2);
        assertThat(ExitCode.of(new Refused())).isEqualTo(2);
        assertThat(ExitCode.of(new RuntimeException("x"))).isEqualTo(1);
    }

    @Test
    void theMessageIsTheExceptionsOwn() {
        RuntimeException wrapped = new IllegalStateException("cannot reach Cassandra at 127.0.0.1:9042", new RuntimeException("node down"));
        assertThat(Program.message(wrapped)).isEqualTo("cannot reach Cassandra at 127.0.0.1:9042");
        assertThat(Program.message(new NullPointerException())).isEqualTo("NullPointerException");
    }

    @picocli.CommandLine.Command(name = "tool", subcommands = {Sub.class})
    static final class Tool implements Runnable {
        @Override
        public void run() { }
    }

    @picocli.CommandLine.Command(name = "alerts", description = "The alerts.")
    static final class Sub implements Runnable {
        @Override
        public void run() { }
    }

    @Test
    void anUnknownCommandIsTwoWithASuggestionAndTheListOfCommands() {
        StringWriter err = new StringWriter();
        CommandLine cl = Program.commandLine(new Tool());
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("alertz")).isEqualTo(2);
        assertThat(err.toString()).contains("Unmatched argument at index 0: 'alertz'").contains("Did you mean: tool alerts")
                .contains("Commands:").contains("The alerts.");
    }
}
