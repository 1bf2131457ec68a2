package io.safetywatcher.cli.command;

import io.safetywatcher.cli.Inputs;
import io.safetywatcher.cli.UsageError;
import io.safetywatcher.cli.output.Format;
import io.safetywatcher.cli.output.Table;
import io.safetywatcher.cli.store.AlertStore;
import io.safetywatcher.store.alerts.AlertTables;
import io.safetywatcher.store.suppressions.SuppressionTables;
import com.fasterxml.jackson.databind.JsonNode;
import io.safetywatcher.common.event.ActionFields;
import io.safetywatcher.common.event.ActionKind;
import io.safetywatcher.common.event.Disposition;
import io.safetywatcher.console.ActionClient;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.SilenceLimits;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** {@code alerts ...}: the alerts as stored, what operators do with them, and the live feed. */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = "List, inspect, acknowledge, resolve, comment on, assign, silence, export and tail alerts.",
        subcommands = {AlertsCommand.Listing.class, AlertsCommand.Show.class, AlertsCommand.Ack.class, AlertsCommand.Resolve.class,
                AlertsCommand.Comment.class, AlertsCommand.Assign.class, AlertsCommand.Silence.class, AlertsCommand.Unsilence.class, AlertsCommand.Silences.class, AlertsCommand.Export.class, AlertsTailCommand.class})
public final class AlertsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "alerts needs a subcommand: list, show, ack, resolve, comment, assign, silence, unsilence, silences, export or tail");
    }

    static Table listed(List<AlertTables.Listed> alerts) {
        Table t = new Table("alerts", "id", "started_at", "zone", "type", "severity", "state", "score", "ended_at", "summary");
        alerts.forEach(a -> t.add(a.id(), a.startedAt(), a.zone(), a.type(), a.severity(), a.state(), a.score(), a.endedAt(), a.summary()));
        return t;
    }

    /** An alert that must exist: an unknown id is refused (exit 2). */
    static AlertTables.Full require(AlertStore store, String id) {
        return store.byId(id).orElseThrow(() -> new UsageError("no alert with id '" + id + "' (see: alerts list)"));
    }

    static Table full(List<AlertTables.Full> alerts) {
        Table t = new Table("alert", "id", "fingerprint", "type", "category", "severity", "state", "zone", "devices", "started_at",
                "updated_at", "ended_at", "score", "summary", "evidence", "rule_version", "acknowledged", "ack_by", "ack_at", "ack_note",
                "false_alarm", "resolved_by", "resolved_note", "assignee", "disposition", "disposition_category");
        for (AlertTables.Full a : alerts) {
            t.add(a.id(), a.fingerprint(), a.type(), a.category(), a.severity(), a.state(), a.zone(), a.devices(), a.startedAt(),
                    a.updatedAt(), a.endedAt(), a.score(), a.summary(), a.evidence(), a.ruleVersion(), a.acknowledged(), a.ackBy(),
                    a.ackAt(), a.ackNote(), a.falseAlarm(), a.resolvedBy(), a.resolvedNote(), a.assignee(),
                    a.disposition() == null ? null : a.disposition().id(), a.dispositionCategory());
        }
        return t;
    }

    static Table suppressed(List<SuppressionTables.Suppressed> rows) {
        Table t = new Table("suppressed", "at", "zone", "type", "severity", "reason", "by", "fingerprint");
        rows.forEach(x -> t.add(x.at(), x.zone(), x.type(), x.severity(), x.reason(), x.by(), x.fingerprint()));
        return t;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Alerts that started in a period, newest first.")
    static final class Listing extends OperatorCommand {
        @Mixin
        AlertFilterOptions filter;

        @Option(names = "--suppressed", description = "Instead: the alerts a silence, an inhibition or a cooldown held back, and by what.")
        boolean suppressed;

        @Override
        public Integer call() {
            AlertTables.Filter f = filter.filter(now(), this::registry);
            if (suppressed) {
                if (f.state() != null) {
                    throw new UsageError("--state does not apply with --suppressed: a suppressed alert never fired");
                }
                print(suppressed(alerts().suppressed(f, filter.limit, OperatorCommand::cancelled)));
            } else {
                print(listed(alerts().list(f, filter.limit, OperatorCommand::cancelled)));
            }
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Every column of the alerts that started in a period (CSV unless --format says otherwise).")
    static final class Export extends OperatorCommand {
        @Mixin
        AlertFilterOptions filter;

        @Override
        public Integer call() {
            if (!spec.commandLine().getParseResult().hasMatchedOption("--format")) {
                format = Format.CSV;
            }
            AlertTables.Filter f = filter.filter(now(), this::registry);
            AlertStore store = alerts();
            List<AlertTables.Full> rows = new ArrayList<>();
            for (AlertTables.Listed a : store.list(f, filter.limit, OperatorCommand::cancelled)) {
                store.byId(a.id()).ifPresent(rows::add);
            }
            print(full(rows));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One alert: its fields, actions, lifecycle events, evidence frames and what it held back (inhibited, or during its cooldown).")
    static final class Show extends OperatorCommand {
        @Parameters(paramLabel = "ALERT_ID", description = "The alert's id.")
        String id;

        @Override
        public Integer call() {
            AlertStore store = alerts();
            AlertTables.Full a = require(store, id);
            Table events = new Table("events", "at", "state", "severity", "score", "summary", "batch");
            store.events(id).forEach(e -> events.add(e.at(), e.state(), e.severity(), e.score(), e.summary(), e.batchId()));
            Table evidence = new Table("evidence", "camera", "at", "jpeg_bytes", "boxes");
            store.evidence(id).forEach(e -> evidence.add(e.camera(), e.at(), e.jpeg() == null ? 0 : e.jpeg().remaining(), e.boxes()));
            Table actions = new Table("actions", "at", "action", "by", "note", "false_alarm", "assignee", "disposition", "category");
            // An assign's empty name shows as what it did; false_alarm only where a resolve wrote it.
            store.actions(id).forEach(x -> actions.add(x.at(), x.kind().id(), x.actor(), x.note(),
                    x.kind() == ActionKind.RESOLVE ? x.falseAlarm() : null,
                    x.kind() == ActionKind.ASSIGN && (x.assignee() == null || x.assignee().isEmpty()) ? "(unassigned)" : x.assignee(),
                    x.disposition() == null ? null : x.disposition().id(), x.category()));
            Table refs = new Table("evidence_refs", "ref");
            a.evidence().forEach(refs::add);
            Table held = suppressed(store.suppressedBy(id));
            if (format == Format.TABLE) {
                Table fields = new Table("alert", "field", "value");
                Table one = full(List.of(a));
                for (int i = 0; i < one.columns().size(); i++) {
                    fields.add(one.columns().get(i), io.safetywatcher.cli.output.Printer.text(one.rows().get(0).get(i)));
                }
                print(fields, actions, events, refs, evidence, held);
            } else {
                print(full(List.of(a)), actions, events, refs, evidence, held);
            }
            return 0;
        }
    }

    /**
     * An action on one alert, through the action service, which records the name the request
     * authenticated as (there is no --by: the login says who). Its flags are checked before
     * anything is sent.
     */
    abstract static class Action extends OperatorCommand {
        @Parameters(paramLabel = "ALERT_ID")
        String id;

        /** The request, its flags checked (a {@link UsageError} names the wrong one). */
        abstract Function<ActionClient, JsonNode> request();

        @Override
        public Integer call() {
            Function<ActionClient, JsonNode> request = request();
            AlertStore store = alerts();
            require(store, id);
            act(request);
            print(full(List.of(require(store, id))));
            return 0;
        }
    }

    @Command(name = "ack", mixinStandardHelpOptions = true,
            description = "Acknowledge an alert: someone is on it. Recorded under the name you logged in with.")
    static final class Ack extends Action {
        @Option(names = "--note", paramLabel = "TEXT", description = "What is being done.")
        String note;

        @Override
        Function<ActionClient, JsonNode> request() { return service -> service.onAlert(id, ActionKind.ACK.id(), note); }
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true,
            description = "Close an alert as handled, with a note and how it turned out (--disposition; --false-alarm is the older "
                    + "form of --disposition false_alarm; the analytics count false alarms per type). Recorded under the name you logged in with.")
    static final class Resolve extends Action {
        @Option(names = "--note", paramLabel = "TEXT", description = "How it was resolved.")
        String note;

        @Option(names = "--disposition", paramLabel = "DISPOSITION", description = "true_alarm, false_alarm or test.")
        String disposition;

        @Option(names = "--category", paramLabel = "TEXT", description = "A short label for the disposition, e.g. animal, maintenance "
                + "(at most " + ActionFields.MAX_CATEGORY + " characters).")
        String category;

        @Option(names = "--false-alarm", description = "Nothing was happening: the rule cried wolf (same as --disposition false_alarm).")
        boolean falseAlarm;

        @Override
        Function<ActionClient, JsonNode> request() {
            Disposition given = null;
            if (disposition != null) {
                given = Disposition.of(disposition).orElseThrow(() -> Inputs.unknown("--disposition", "disposition", disposition,
                        java.util.Arrays.stream(Disposition.values()).map(Disposition::id).toList()));
            }
            ActionFields.categoryProblem(category).ifPresent(why -> {
                throw new UsageError("--category " + why);
            });
            Disposition d;
            try {
                d = Disposition.reconcile(given, falseAlarm ? Boolean.TRUE : null, "--disposition", "--false-alarm");
            } catch (IllegalArgumentException e) {
                throw new UsageError(e.getMessage().replace("--false-alarm true", "--false-alarm"));
            }
            String how = d == null ? null : d.id();
            String label = category == null ? null : category.strip();
            return service -> service.resolve(id, note, how, label, null);
        }
    }

    @Command(name = "comment", mixinStandardHelpOptions = true,
            description = "Add a note to an alert's record without acknowledging or resolving it.")
    static final class Comment extends Action {
        @Option(names = "--note", required = true, paramLabel = "TEXT", description = "The note.")
        String note;

        @Override
        Function<ActionClient, JsonNode> request() {
            if (note.isBlank()) {
                throw new UsageError("--note must say something");
            }
            return service -> service.onAlert(id, ActionKind.COMMENT.id(), note);
        }
    }

    @Command(name = "assign", mixinStandardHelpOptions = true,
            description = "Hand an alert to an operator (--to NAME), or to nobody (--unassign). Recorded under the name you logged in with.")
    static final class Assign extends Action {
        @Option(names = "--to", paramLabel = "NAME", description = "The operator who takes it on.")
        String to;

        @Option(names = "--unassign", description = "Nobody has it any more.")
        boolean unassign;

        @Option(names = "--note", paramLabel = "TEXT", description = "Why, or what to do.")
        String note;

        @Override
        Function<ActionClient, JsonNode> request() {
            if (unassign == (to != null)) {
                throw new UsageError(unassign ? "--to and --unassign exclude each other: give one"
                        : "alerts assign needs --to NAME (who takes it on) or --unassign");
            }
            String name = unassign ? "" : to.strip();
            if (!unassign && name.isEmpty()) {
                throw new UsageError("--to must name an operator (to leave it with nobody: --unassign)");
            }
            ActionFields.assigneeProblem(name).ifPresent(why -> {
                throw new UsageError("--to " + why);
            });
            return service -> service.assign(id, name, note);
        }
    }

    @Command(name = "silence", mixinStandardHelpOptions = true,
            description = "Mute new alerts in a zone (optionally of one type) for a while, e.g. during a known event. The alert job honours it.")
    static final class Silence extends OperatorCommand {
        @Option(names = "--zone", required = true, paramLabel = "ZONE")
        String zone;

        @Option(names = "--type", paramLabel = "TYPE", description = "Only this alert type (default: every type).")
        String type;

        @Option(names = "--for", required = true, paramLabel = "DURATION", description = "How long, e.g. 30m, 2h.")
        String duration;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (kept with the silence).")
        String reason;

        @Option(names = "--from", paramLabel = "TIME", defaultValue = "now", description = "When it starts (default ${DEFAULT-VALUE}).")
        String from;

        @Override
        public Integer call() {
            Instant now = now();
            Duration d = Inputs.duration("--for", duration);
            if (d.compareTo(SilenceLimits.LONGEST) > 0) {
                throw new UsageError("--for: at most " + SilenceLimits.LONGEST.toDays() + "d, not " + duration + " (a longer mute hides too much)");
            }
            AlertType t = type == null ? null : Inputs.alertType("--type", type);
            Instant starts = Inputs.time("--from", from, now);
            if (reason.isBlank()) {
                throw new UsageError("--reason must say why");
            }
            Inputs.requireZone(registry(), "--zone", zone);
            String id = act(service -> service.silence(zone, t == null ? null : t.id(), starts, starts.plus(d), reason))
                    .path("silence_id").asText();
            Table out = new Table("silence", "silence_id", "zone", "type", "starts_at", "ends_at", "reason");
            out.add(id, zone, t == null ? "(every type)" : t.id(), starts, starts.plus(d), reason);
            print(out);
            return 0;
        }
    }

    @Command(name = "unsilence", mixinStandardHelpOptions = true,
            description = "End a silence now (see alerts silences for ids). Recorded under the name you logged in with.")
    static final class Unsilence extends OperatorCommand {
        @Parameters(paramLabel = "SILENCE_ID")
        String id;

        @Override
        public Integer call() {
            Inputs.uuid("SILENCE_ID", id);
            var done = act(service -> service.expireSilence(id));
            Table out = new Table("silence", "silence_id", "ended_at", "ended_by");
            out.add(id, done.path("ends_at").asText(), done.path("actor").asText());
            print(out);
            return 0;
        }
    }

    @Command(name = "silences", mixinStandardHelpOptions = true,
            description = "The silences that have not ended yet; obeyed=false: one the alert job ignores (longer than 30 days, or malformed).")
    static final class Silences extends OperatorCommand {
        @Option(names = "--zone", paramLabel = "ZONE", description = "Only this zone's.")
        String zone;

        @Override
        public Integer call() {
            if (zone != null) {
                Inputs.requireZone(registry(), "--zone", zone);
            }
            Table t = new Table("silences", "silence_id", "zone", "type", "starts_at", "ends_at", "reason", "obeyed");
            for (var r : alerts().activeSilences(zone, now())) {
                t.add(String.valueOf(r.id()), r.zone(), r.type() == null ? "(every type)" : r.type(), r.startsAt(), r.endsAt(), r.reason(),
                        SilenceLimits.allowed(r.startsAt(), r.endsAt()));
            }
            print(t);
            return 0;
        }
    }
}
