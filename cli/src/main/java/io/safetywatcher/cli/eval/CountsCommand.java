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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ./watcher eval counts}: how well a camera counts a crowd, against the simulator's
 * truth, density by density and scene by scene ({@link CrowdCountTrial}). The camera's crowd
 * density, surge and risk alerts rest on this count where a zone has no density sensor.
 */
@Command(name = "counts", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A camera's people count against the truth: crowds of known density rendered by the simulator, counted by the job's frame analyzer.",
                "Prints, per scene and density, the true and counted density and their ratio (1.00 is right)."})
public final class CountsCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    EvalCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--densities", paramLabel = "P_PER_M2", split = ",", defaultValue = "0.5,1,2,3,4",
            description = "Crowd densities to render, people per m² (${DEFAULT-VALUE}).")
    List<Double> densities;

    @Option(names = "--scenes", paramLabel = "KIND", split = ",", defaultValue = "stadium,transit,market",
            description = "Scene kinds (backdrops): transit, market, stadium, park, residential, campus (${DEFAULT-VALUE}).")
    List<String> scenes;

    @Option(names = "--hold", paramLabel = "SECONDS", defaultValue = "60", description = "How long each density is held and measured (${DEFAULT-VALUE}).")
    int hold;

    @CommandLine.Mixin
    SceneFlags scene;

    @CommandLine.Mixin
    FormatOption format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<ZoneKind> kinds = scene.kinds(spec.commandLine(), scenes);
        for (double d : densities) {
            if (!(d > 0 && d <= 8)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--densities: " + d + " p/m² is outside 0-8 (8 is about the physical limit)");
            }
        }
        if (hold < 5 || hold > 3600) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--hold: " + hold + " s is outside 5-3600");
        }
        WatcherConfig config = ((io.safetywatcher.cli.Main) spec.root().userObject()).config();
        VisionSettings settings = VisionSettings.of(config);
        int holdFrames = hold * CrowdCountTrial.FPS;
        int measured = Math.max(1, holdFrames / 2); // the second half: the crowd has settled at its density
        List<CrowdCountTrial.Result> results = new ArrayList<>();
        int total = kinds.size() * densities.size();
        for (ZoneKind k : kinds) {
            for (double d : densities) {
                if (!format.json()) {
                    System.err.printf(Locale.ROOT, "\r[%d/%d] %s at %.1f p/m²...", results.size() + 1, total, k.id(), d);
                }
                results.add(new CrowdCountTrial(k, scene.viewArea, d, scene.seed, scene.light).run(settings, holdFrames, measured));
            }
        }
        if (!format.json()) {
            System.err.print("\r" + " ".repeat(40) + "\r");
        }
        print(out, results, format.json(), settings.detection().occlusionLimit());
        return 0;
    }

    static void print(PrintWriter out, List<CrowdCountTrial.Result> results, boolean json, double occlusionLimit) {
        if (json) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("crowd_occlusion_limit", occlusionLimit);
            ArrayNode rows = o.putArray("trials");
            for (var r : results) {
                ObjectNode row = rows.addObject();
                row.put("scene", r.trial().kind().id());
                row.put("view_area_m2", r.trial().viewAreaM2());
                row.put("density", r.trial().density());
                row.put("light", r.trial().light());
                row.put("true_per_m2", r.trueDensity());
                row.put("counted_per_m2", r.countedDensity());
                row.put("ratio", r.ratio());
                row.put("from_merged_blobs", r.fromCrowds());
                row.put("frames", r.frames());
            }
            out.println(o.toPrettyString());
            out.flush();
            return;
        }
        out.printf(Locale.ROOT, "%-12s %10s %12s %8s %14s%n", "scene", "true p/m²", "counted p/m²", "ratio", "from crowds");
        for (var r : results) {
            out.printf(Locale.ROOT, "%-12s %10.2f %12.2f %8.2f %13.0f%%%n", r.trial().kind().id(), r.trueDensity(), r.countedDensity(), r.ratio(),
                    r.counted() == 0 ? 0 : 100 * r.fromCrowds() / r.counted());
        }
        out.printf(Locale.ROOT, "(vision.crowd-occlusion-limit %s; ratio 1.00 is right, under 1 an undercount)%n", occlusionLimit);
        out.flush();
    }
}
