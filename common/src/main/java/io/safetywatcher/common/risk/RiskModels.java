package io.safetywatcher.common.risk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The folder of crowd-risk model versions ({@code models.dir}): {@code v1/}, {@code v2/}, ...,
 * each holding {@link RiskForest#FILE} (what the stream serves), {@code mllib/} (the Spark model
 * as trained) and {@code evaluation.json} (its figures on the held-out days). A version is
 * published by renaming its finished folder into place, so a reader never sees half of one;
 * the newest complete version is the current one.
 */
public record RiskModels(Path dir) {
    private static final Pattern VERSION = Pattern.compile("v(\\d{1,9})");

    /** The newest version whose forest is in place, if any. */
    public OptionalInt latest() throws IOException {
        if (!Files.isDirectory(dir)) {
            return OptionalInt.empty();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> Files.isRegularFile(p.resolve(RiskForest.FILE)))
                    .map(p -> VERSION.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1)))
                    .max();
        }
    }

    /** The version a new training run takes: one past every folder already there, finished or not. */
    public int next() throws IOException {
        if (!Files.isDirectory(dir)) {
            return 1;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> VERSION.matcher(p.getFileName().toString().replaceFirst("\\.tmp$", "")))
                    .filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1)))
                    .max().orElse(0) + 1;
        }
    }

    public Path version(int v) {
        return dir.resolve("v" + v);
    }

    /** Where a version is written before it is renamed into place. */
    public Path staging(int v) {
        return dir.resolve("v" + v + ".tmp");
    }

    public RiskForest read(int v) throws IOException {
        return RiskForest.read(version(v).resolve(RiskForest.FILE));
    }
}
