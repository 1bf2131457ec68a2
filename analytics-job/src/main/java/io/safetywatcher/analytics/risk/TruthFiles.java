package io.safetywatcher.analytics.risk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The simulator truth files a training reads: those named, else every {@code *truth*.jsonl} directly under the stack folder (the demo and {@code simulate --truth} write them there). */
public final class TruthFiles {
    private TruthFiles() {}

    public static List<Path> of(List<Path> named, Path stackDir) throws IOException {
        if (!named.isEmpty()) {
            for (Path p : named) {
                if (!Files.isRegularFile(p)) {
                    throw new IllegalArgumentException("--truth " + p + ": no such file");
                }
            }
            return List.copyOf(named);
        }
        if (!Files.isDirectory(stackDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(stackDir)) {
            return files.filter(p -> {
                String n = p.getFileName().toString();
                return n.contains("truth") && n.endsWith(".jsonl") && Files.isRegularFile(p);
            }).sorted().toList();
        }
    }
}
