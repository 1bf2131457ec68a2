package io.safetywatcher.cli.eval;

import io.safetywatcher.simulator.city.ZoneKind;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The flags of the trials that render one camera's scene with the simulator and analyse it with
 * the job's frame analyzer ({@code eval counts}, {@code eval loiter}): which backdrops, how much
 * ground in view, how bright. Each command gives its own {@code --scenes} default.
 */
final class SceneFlags {
    @Option(names = "--view-area", paramLabel = "M2", defaultValue = "180", description = "The camera's ground area in view, m² (${DEFAULT-VALUE}).")
    double viewArea;

    @Option(names = "--light", paramLabel = "BRIGHTNESS", defaultValue = "1.0",
            description = "The scene's brightness: 1 is day, 0.3 the simulator's night, with its sensor noise (${DEFAULT-VALUE}).")
    double light;

    @Option(names = "--seed", defaultValue = "11", description = "Seed of the scenes (${DEFAULT-VALUE}).")
    long seed;

    /** The scene kinds named, or a usage error that lists the known ones; the view area and light checked too. */
    List<ZoneKind> kinds(CommandLine cl, List<String> scenes) {
        List<ZoneKind> kinds = new ArrayList<>();
        for (String s : scenes) {
            try {
                kinds.add(ZoneKind.valueOf(s.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, "--scenes: '" + s + "' is not a scene kind; use "
                        + java.util.Arrays.stream(ZoneKind.values()).map(ZoneKind::id).toList());
            }
        }
        if (viewArea < 20 || viewArea > 2000) {
            throw new CommandLine.ParameterException(cl, "--view-area: " + viewArea + " m² is outside 20-2000");
        }
        if (!(light >= 0.25 && light <= 1)) {
            throw new CommandLine.ParameterException(cl, "--light: " + light + " is outside 0.25-1 (0.3 is night, 1 day)");
        }
        return kinds;
    }
}
