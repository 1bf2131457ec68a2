package io.safetywatcher.alertjob.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * How many sources a query's checkpoint records: its newest offset-log entry is a version line,
 * a metadata line, then one line per source. 0 for a query that has not started yet.
 */
final class CheckpointSources {
    private CheckpointSources() {}

    static int count(Path queryCheckpoint) {
        Path offsets = queryCheckpoint.resolve("offsets");
        if (!Files.isDirectory(offsets)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(offsets)) {
            Optional<Path> newest = files.filter(f -> f.getFileName().toString().matches("\\d+"))
                    .max((a, b) -> Long.compare(Long.parseLong(a.getFileName().toString()), Long.parseLong(b.getFileName().toString())));
            if (newest.isEmpty()) {
                return 0;
            }
            List<String> lines = Files.readAllLines(newest.get());
            return Math.max(0, lines.size() - 2);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the checkpoint's offset log in " + offsets, e);
        }
    }
}
