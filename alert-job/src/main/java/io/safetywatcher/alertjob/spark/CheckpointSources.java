package io.safetywatcher.alertjob.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * How many sources a query's checkpoint records: its newest offset-log entry is a version line,
 * a metadata line, then one line per source. 0 for a query that has not started yet.
 */
final class CheckpointSources {
    private CheckpointSources() {}

    static int count(Path queryCheckpoint) {
        Path offsets = queryCheckpoint.resolve("offsets");
        java.util.OptionalLong newest = newestEntry(offsets);
        if (newest.isEmpty()) {
            return 0;
        }
        try {
            List<String> lines = Files.readAllLines(offsets.resolve(Long.toString(newest.getAsLong())));
            return Math.max(0, lines.size() - 2);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the checkpoint's offset log in " + offsets, e);
        }
    }

    /** The newest batch id in one of a query's logs ({@code offsets}, {@code commits}); empty when it has none. */
    static java.util.OptionalLong newestEntry(Path log) {
        if (!Files.isDirectory(log)) {
            return java.util.OptionalLong.empty();
        }
        try (Stream<Path> files = Files.list(log)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("\\d+")).mapToLong(Long::parseLong).max();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the checkpoint's log " + log, e);
        }
    }
}
