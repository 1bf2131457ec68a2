package io.safetywatcher.cli.demo;

import io.safetywatcher.cli.Connections;
import io.safetywatcher.common.config.WatcherConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** What the demo's steps share: where things are, the alert job once started, and what was expected. */
final class DemoRun implements AutoCloseable {
    final WatcherConfig config;
    final Path home;
    final Path stackDir;
    final Path logs;
    final Path scenarioFile;
    final String scenarioName;
    final Duration wait;
    final Path dirFlag;
    final boolean useRunningStack;
    final Connections connections;
    Scenario scenario;
    Process alertJob;
    Path alertJobLog;
    DemoSteps.AlertFeed feed;

    DemoRun(WatcherConfig config, Path home, Path stackDir, Path logs, Path scenarioFile, String scenarioName, Duration wait, Path dirFlag,
            boolean useRunningStack) {
        this.config = config;
        this.home = home;
        this.stackDir = stackDir;
        this.logs = logs;
        this.scenarioFile = scenarioFile;
        this.scenarioName = scenarioName;
        this.wait = wait;
        this.dirFlag = dirFlag;
        this.useRunningStack = useRunningStack;
        this.connections = new Connections(config);
    }

    /** Prints what went wrong and the end of a log; returns the failure status. */
    static int fail(String what, Path log) throws IOException {
        System.err.println("error: " + what);
        List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.ISO_8859_1) : List.of();
        lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> System.err.println("  " + l));
        return 1;
    }

    @Override
    public void close() throws InterruptedException {
        if (feed != null) {
            feed.close();
        }
        if (alertJob != null) {
            alertJob.destroy(); // SIGTERM: Spark stops its queries; the checkpoint stays consistent
            alertJob.waitFor();
        }
        connections.close();
    }
}
