package io.safetywatcher.cli.eval;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safetywatcher.alertjob.vision.VisionSettings;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.shell.FormatOption;
import io.safetywatcher.simulator.city.ZoneKind;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ./watcher eval loiter}: how long a camera keeps a loiterer's identity among passers-by,
 * density by density and scene by scene ({@link LoiterTrial}). The loitering alert is raised
 * only when one track holds the loiterer past the zone's dwell limit.
 */
@Command(name = "loiter", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"How long a camera's tracker keeps a loiterer's identity among passers-by: a loiterer rendered by the simulator in scenes of known density, tracked by the job's frame analyzer.",
                "Prints, per scene and density, the longest one track held the loiterer, how often their track broke, and how often they were seen alone."})
public final class LoiterCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    EvalCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--densities", paramLabel = "P_PER_M2", split = ",", defaultValue = "0.02,0.05,0.1,0.2",
            description = "Passers-by per m² around the loiterer (${DEFAULT-VALUE}).")
    List<Double> densities;

    @Option(names = "--scenes", paramLabel = "KIND", split = ",", defaultValue = "park,market",
            description = "Scene kinds (backdrops): transit, market, stadium, park, residential, campus (${DEFAULT-VALUE}).")
    List<String> scenes;

    @Option(names = "--stay", paramLabel = "MINUTES", defaultValue = "7", description = "How long the loiterer stays, minutes (${DEFAULT-VALUE}).")
    int stay;

    @Option(names = "--without-loiterer", description = "The control: the same scenes with nobody staying; prints the longest dwell any"
            + " passer-by's track showed, which past the zone's dwell limit would be a false loiterer.")
    boolean control;

    @CommandLine.Mixin
    SceneFlags scene;

    @CommandLine.Mixin
    FormatOption format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<ZoneKind> kinds = scene.kinds(spec.commandLine(), scenes);
        for (double d : densities) {
            if (!(d > 0 && d <= 2)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--densities: " + d
                        + " p/m² is outside 0-2 (a denser zone is crowded, where loitering is not judged)");
            }
        }
        if (stay < 1 || stay > 60) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--stay: " + stay + " min is outside 1-60");
        }
        WatcherConfig config = ((io.safetywatcher.cli.Main) spec.root().userObject()).config();
        VisionSettings settings = VisionSettings.of(config);
        List<LoiterTrial.Result> results = new ArrayList<>();
        int total = kinds.size() * densities.size();
        for (ZoneKind k : kinds) {
            for (double d : densities) {
                if (!format.json()) {
                    System.err.printf(Locale.ROOT, "\r[%d/%d] %s at %.2f p/m²...", results.size() + 1, total, k.id(), d);
                }
                results.add(new LoiterTrial(k, scene.viewArea, d, scene.seed, scene.light).run(settings, Duration.ofMinutes(stay), !control));
            }
        }
        if (!format.json()) {
            System.err.print("\r" + " ".repeat(40) + "\r");
        }
        print(out, results, format.json(), control);
        return 0;
    }

    static void print(PrintWriter out, List<LoiterTrial.Result> results, boolean json, boolean control) {
        if (json) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("with_loiterer", !control);
            ArrayNode rows = o.putArray("trials");
            for (var r : results) {
                ObjectNode row = rows.addObject();
                row.put("scene", r.trial().kind().id());
                row.put("view_area_m2", r.trial().viewAreaM2());
                row.put("density", r.trial().density());
                row.put("light", r.trial().light());
                row.put("people_in_view", r.people());
                row.put("longest_held_s", r.longestS());
                row.put("breaks", r.breaks());
                row.put("breaks_per_minute", r.breaksPerMinute());
                row.put("seen_alone_share", r.seenAloneShare());
                row.put("frames", r.frames());
                row.put("others_longest_s", r.othersLongestS());
            }
            out.println(o.toPrettyString());
            out.flush();
            return;
        }
        if (control) {
            out.printf(Locale.ROOT, "%-12s %8s %8s %15s%n", "scene", "p/m²", "in view", "longest dwell");
            for (var r : results) {
                out.printf(Locale.ROOT, "%-12s %8.2f %8.0f %14.0fs%n", r.trial().kind().id(), r.trial().density(), r.people(), r.othersLongestS());
            }
            out.println("(nobody stays: the longest dwell any track showed, which past the zone's dwell limit, 5 min by default, would be a false loiterer)");
            out.flush();
            return;
        }
        out.printf(Locale.ROOT, "%-12s %8s %8s %14s %12s %12s %15s%n", "scene", "p/m²", "in view", "longest held", "breaks/min", "seen alone",
                "others longest");
        for (var r : results) {
            out.printf(Locale.ROOT, "%-12s %8.2f %8.0f %13.0fs %12.1f %11.0f%% %14.0fs%n", r.trial().kind().id(), r.trial().density(), r.people(),
                    r.longestS(), r.breaksPerMinute(), 100 * r.seenAloneShare(), r.othersLongestS());
        }
        out.println("(the loitering alert needs one track to hold the loiterer past the zone's dwell limit: 5 min by default, 10 min at a stadium;");
        out.println(" others longest: the longest dwell a passer-by's track showed, which past the limit would be a false loiterer)");
        out.flush();
    }
}
