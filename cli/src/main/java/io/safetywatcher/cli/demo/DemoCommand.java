package io.safetywatcher.cli.demo;

import io.safetywatcher.common.config.Durations;
import io.safetywatcher.cli.Main;
import io.safetywatcher.common.config.WatcherConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./watcher demo}: the system end to end on the embedded stack. The demo is a list of
 * {@link DemoStep}s run in order over one {@link DemoRun}; a step that fails ends it with its
 * status, and the alert job the run started is always stopped.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the system end to end on the embedded stack: simulator -> Kafka -> alert job -> alerts, live, one line per alert "
                + "(camera incidents by night with frames, then a sensor timeline at 120x); then the analytics job over a backfilled history, "
                + "with its hotspots and trends. The desk console's address comes first; it stays up after the demo.")
public final class DemoCommand implements Callable<Integer> {
    static final String SCENARIO = "simulator/scenarios/demo-sensors.yaml";
    static final String QUICK_SCENARIO = "simulator/scenarios/demo-quick.yaml";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", description = "Stack folder (default .watcher).")
    Path dir;

    @Option(names = "--quick", description = "CI-sized: a 4-minute timeline with four incidents (simulator/scenarios/demo-quick.yaml) instead of 14 minutes and seven, "
            + "and no camera incidents (no frames).")
    boolean quick;

    @Option(names = "--use-running-stack", description = "Do not start the embedded stack; use the Cassandra and Kafka the configuration names.")
    boolean useRunningStack;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "How long to wait for the expected alerts (default 240s, 120s with --quick).")
    String timeout;

    /** The steps, in order. */
    List<DemoStep> steps() {
        List<DemoStep> steps = new ArrayList<>();
        steps.add(new DemoSteps.StackUp());
        steps.add(new DemoSteps.StartAlertJob());
        if (!quick) {
            steps.add(new DemoSteps.CameraIncidents()); // frames are CPU-heavy: the CI-sized run leaves them out
        }
        steps.add(new DemoSteps.Backfill());
        steps.add(new DemoSteps.Simulate());
        steps.add(new DemoSteps.WatchAlerts());
        steps.add(new DemoSteps.Analytics());
        return steps;
    }

    @Override
    public Integer call() throws Exception {
        Main main = (Main) spec.root().userObject();
        WatcherConfig config = main.config();
        if (dir != null) {
            config = config.with("stack.dir", dir.toString(), "flag --dir");
        }
        Path home = Path.of(config.get("watcher.home")).toAbsolutePath();
        Path stackDir = Path.of(config.get("stack.dir")).toAbsolutePath();
        Duration wait = Durations.parse(timeout != null ? timeout : quick ? "120s" : "240s");
        String scenario = quick ? QUICK_SCENARIO : SCENARIO;
        DemoRun run = new DemoRun(config, home, stackDir, Files.createDirectories(stackDir.resolve("logs")), home.resolve(scenario), scenario,
                wait, dir, useRunningStack, Duration.ofHours(quick ? 1 : 6), quick ? 12 : 3);
        List<DemoStep> steps = steps();
        try {
            for (int i = 0; i < steps.size(); i++) {
                DemoStep step = steps.get(i);
                say((i + 1) + "/" + steps.size() + "  " + step.title(run));
                int code = step.run(run);
                if (code != 0) {
                    return code;
                }
            }
        } finally {
            run.close();
        }
        System.out.println();
        if (quick) {
            System.out.println("Not part of --quick: camera incidents with frames (./watcher demo without --quick plays an intrusion and a fight by night).");
        }
        System.out.println("Try next:");
        System.out.printf("  %-43s %s%n", "open " + run.deskConsole, "the desk console (a stack child: up until ./watcher stack down)");
        System.out.println("  ./watcher shell                             the operator shell: alerts list, alerts show ID, zones, Tab completes");
        System.out.println("  ./watcher alerts tail --from-beginning      the alert feed as a police desk reads it");
        System.out.println("  ./watcher stats                             counts, topic sizes, consumer lag, quarantine");
        System.out.println("  ./watcher heatmap                           incidents by day of week and hour, in the terminal");
        System.out.println("  open " + run.reportDir().resolve("report.html") + "   the analytics report (charts, CSVs)");
        System.out.println("  ./watcher simulate --duration 10m           a live city, with rendered camera frames");
        if (!useRunningStack) {
            System.out.println("  ./watcher stack down                        stop the servers (data stays in " + stackDir + ")");
        }
        return 0;
    }

    static void say(String s) {
        System.out.println();
        System.out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "  " + s);
    }
}
