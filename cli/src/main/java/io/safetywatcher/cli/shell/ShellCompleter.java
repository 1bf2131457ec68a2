package io.safetywatcher.cli.shell;

import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.SensorType;
import io.safetywatcher.common.event.Severity;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Tab completion for the shell: subcommands and options from the picocli model, and for the
 * values the operator would otherwise look up: zone, camera, sensor and alert ids from the
 * store, alert types, severities, states and formats.
 */
final class ShellCompleter implements Completer {
    private final CommandSpec root;
    private final LiveValues live;

    ShellCompleter(CommandSpec root, LiveValues live) {
        this.root = root;
        this.live = live;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        CommandSpec spec = root;
        for (int i = 0; i < line.wordIndex() && i < words.size(); i++) {
            var sub = spec.subcommands().get(words.get(i));
            if (sub != null) {
                spec = sub.getCommandSpec();
            }
        }
        String previous = line.wordIndex() > 0 ? words.get(line.wordIndex() - 1) : "";
        OptionSpec option = spec.findOption(previous);
        if (option != null && option.arity().max() > 0 && !option.type().equals(boolean.class)) {
            values(option.longestName(), candidates);
            return;
        }
        String word = line.word();
        if (word.startsWith("-")) {
            for (OptionSpec o : spec.options()) {
                for (String n : o.names()) {
                    if (n.startsWith("--")) {
                        candidates.add(new Candidate(n, n, null, firstLine(o.description()), null, null, true));
                    }
                }
            }
            return;
        }
        spec.subcommands().forEach((name, sub) -> candidates.add(new Candidate(name, name, null,
                firstLine(sub.getCommandSpec().usageMessage().description()), null, null, true)));
        switch (spec.name()) {
            case "show", "ack", "resolve", "comment", "assign", "evidence" -> live.alertIds().forEach(v -> candidates.add(new Candidate(v)));
            case "readings" -> live.devices("sensor").forEach(v -> candidates.add(new Candidate(v)));
            case "frames" -> live.devices("camera").forEach(v -> candidates.add(new Candidate(v)));
            case "completion" -> List.of("bash", "zsh").forEach(v -> candidates.add(new Candidate(v)));
            default -> { }
        }
    }

    private void values(String option, List<Candidate> candidates) {
        List<String> values = switch (option) {
            case "--zone" -> live.zones();
            case "--type" -> Arrays.stream(AlertType.values()).map(AlertType::id).toList();
            case "--severity", "--severity-at-least" -> Arrays.stream(Severity.values()).map(Severity::id).toList();
            case "--state" -> Arrays.stream(AlertState.values()).map(s -> s.name().toLowerCase(Locale.ROOT)).toList();
            case "--format" -> List.of("table", "json", "csv");
            case "--disposition" -> Arrays.stream(io.safetywatcher.common.event.Disposition.values())
                    .map(io.safetywatcher.common.event.Disposition::id).toList();
            case "--kind" -> {
                List<String> k = new ArrayList<>(List.of("camera", "sensor"));
                Arrays.stream(SensorType.values()).map(SensorType::id).forEach(k::add);
                yield k;
            }
            default -> List.of();
        };
        values.forEach(v -> candidates.add(new Candidate(v)));
    }

    private static String firstLine(String[] description) {
        return description == null || description.length == 0 ? null : description[0].length() > 60
                ? description[0].substring(0, 57) + "..." : description[0];
    }
}
