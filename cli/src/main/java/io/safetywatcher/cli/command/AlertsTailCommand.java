package io.safetywatcher.cli.command;

import io.safetywatcher.cli.Inputs;
import io.safetywatcher.cli.UsageError;
import io.safetywatcher.cli.feed.AlertTail;
import io.safetywatcher.cli.output.Printer;
import io.safetywatcher.cli.output.Table;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.event.Alert;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;

/** {@code alerts tail}: the live alert feed, filtered, resuming where the last run stopped. */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = {"Follow the alert topic as a police desk does: a consumer group, committed transactions only. "
                + "A second run of the same group resumes after the last alert the first one showed.",
                "Stops after --max alerts, after --for, or on Ctrl-C."})
public final class AlertsTailCommand extends OperatorCommand {
    @Option(names = "--zone", paramLabel = "ZONE", description = "Only this zone.")
    String zone;

    @Option(names = "--severity-at-least", paramLabel = "SEVERITY", description = "Only this severity or worse.")
    String severity;

    @Option(names = "--type", paramLabel = "TYPE", description = "Only this alert type.")
    String type;

    @Option(names = "--from-beginning", description = "Start from the oldest alert the topic still holds, not where the group stopped.")
    boolean fromBeginning;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N matching alerts.")
    Integer max;

    @Option(names = "--for", paramLabel = "DURATION", description = "Stop after this long, e.g. 30s.")
    String runFor;

    @Option(names = "--group", paramLabel = "GROUP", description = "Consumer group (default watcher-cli-tail-<login>): one per desk.")
    String group;

    @Override
    public Integer call() {
        var sev = severity == null ? null : Inputs.severity("--severity-at-least", severity);
        var t = type == null ? null : Inputs.alertType("--type", type);
        Duration d = runFor == null ? null : Inputs.duration("--for", runFor);
        if (max != null && max < 1) {
            throw new UsageError("--max must be at least 1, not " + max);
        }
        if (zone != null) {
            Inputs.requireZone(registry(), "--zone", zone);
        }
        String topic = Topics.of(connections().config()).alerts();
        connections().requireTopic(topic);
        String g = group == null ? "watcher-cli-tail-" + login() : group;
        Printer printer = printer();
        Table rows = new Table("alerts", "received", "state", "severity", "type", "zone", "id", "started_at", "summary");
        try (KafkaConsumer<byte[], byte[]> consumer = connections().alertConsumer(g)) {
            AlertTail tail = new AlertTail(consumer, topic);
            // A cancel both flags the stop and wakes a blocked poll: a wakeup alone can be used up by an
            // offset commit, and the shell does not interrupt a command that handles its own cancel.
            java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
            Runnable forget = main().onCancel(() -> {
                stopped.set(true);
                tail.wakeup();
            });
            try {
                if (format == io.safetywatcher.cli.output.Format.TABLE) {
                    err().println("tailing " + topic + " as group " + g + (fromBeginning ? " from the beginning" : "") + " (Ctrl-C stops)");
                    err().flush();
                }
                boolean[] first = {true};
                AlertTail.Outcome o = tail.run(new AlertTail.Filter(zone, sev, t), fromBeginning, max, d, () -> stopped.get() || cancelled(),
                        (Alert a) -> {
                            rows.add(java.time.Instant.now(), a.state().name(), a.severity().id(), a.type().id(), a.zone(), a.id(),
                                    a.startedAt(), a.summary());
                            printer.printRow(rows, first[0]);
                            first[0] = false;
                        }, w -> err().println("warning: " + w));
                if (format == io.safetywatcher.cli.output.Format.TABLE) {
                    err().println(o.shown() + " shown, " + o.skipped() + " filtered out" + (o.undecodable() > 0 ? ", " + o.undecodable() + " undecodable" : ""));
                    err().flush();
                }
            } finally {
                forget.run();
            }
        }
        return 0;
    }
}
