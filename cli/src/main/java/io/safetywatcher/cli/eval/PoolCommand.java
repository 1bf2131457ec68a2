package io.safetywatcher.cli.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.shell.FormatOption;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code ./watcher eval pool}: the scorecards of scenarios played apart as one. A camera
 * scenario takes half an hour of a core, so a suite of hundreds of incidents is played in
 * pieces, on several machines or days; each piece's {@code NAME.result.json} (from
 * {@code eval --offline --out}) keeps its detections one by one, so the pooled time to detect
 * is a percentile over every incident, not a mean of percentiles.
 */
@Command(name = "pool", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Pool the scorecards of scenarios played apart (the NAME.result.json files of eval --offline --out) into one:",
                "counts and camera-hours add up, times to detect are pooled incident by incident, and each type gets its 95 % intervals."})
public final class PoolCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE|DIR", arity = "1..*",
            description = "Result files (NAME.result.json), or folders whose *.result.json are all read.")
    List<Path> paths;

    @Option(names = "--check", description = "Exit 1 unless every type meets the targets (as eval --check).")
    boolean check;

    @CommandLine.Mixin
    FormatOption format;

    static final String SUFFIX = ".result.json";

    @Override
    public Integer call() {
        Map<String, Scorecard> cards = new LinkedHashMap<>();
        for (Path file : files()) {
            String name = file.getFileName().toString();
            name = name.substring(0, name.length() - SUFFIX.length());
            if (cards.containsKey(name)) {
                throw usage("scenario " + name + " is given twice (" + file + "): it would be counted twice");
            }
            cards.put(name, read(file));
        }
        Scorecard all = Scorecard.combine(List.copyOf(cards.values()));
        PrintWriter out = spec.commandLine().getOut();
        if (format.json()) {
            ObjectNode o = Json.object();
            cards.keySet().forEach(o.putArray("scenarios")::add);
            o.set("pooled", ScorecardFormat.json(all));
            out.println(o.toPrettyString());
        } else {
            out.print(table(List.copyOf(cards.keySet()), all));
        }
        out.flush();
        return check ? EvalCommand.checked(all, spec.commandLine().getErr()) : 0;
    }

    private List<Path> files() {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    List<Path> found = s.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
                    if (found.isEmpty()) {
                        throw usage(p + " holds no *" + SUFFIX + " (eval --offline --out writes them)");
                    }
                    files.addAll(found);
                } catch (IOException e) {
                    throw usage("cannot list " + p + ": " + e.getMessage());
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw usage(p + ": no such file or folder");
            }
        }
        return files;
    }

    private Scorecard read(Path file) {
        try {
            JsonNode o = Json.MAPPER.readTree(Files.readString(file));
            return ScorecardFormat.read(o);
        } catch (IOException | RuntimeException e) {
            throw usage(file + ": " + e.getMessage());
        }
    }

    static String table(List<String> names, Scorecard all) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "pooled %d scorecards (%s): %d incidents, %d alerts%n", names.size(), String.join(", ", names),
                all.incidents(), all.alerts()));
        b.append(String.format(Locale.ROOT, "normal life %.1f camera-hours; times to detect pooled over every detection%n%n",
                all.normalHours() * all.cameras()));
        b.append(ScorecardFormat.intervalHead("type"));
        all.types().forEach(t -> b.append(ScorecardFormat.intervalRow(t.type(), t)));
        b.append(ScorecardFormat.intervalRow("all", all.total()));
        b.append(ScorecardFormat.missedLine(all));
        return b.toString();
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
