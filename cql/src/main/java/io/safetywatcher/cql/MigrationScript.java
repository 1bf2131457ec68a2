package io.safetywatcher.cql;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One numbered schema file, {@code NNN_name.cql}, as shipped.
 *
 * @param version  the file's number; files apply in ascending order
 * @param name     the file name, e.g. {@code 003_raw.cql}
 * @param text     the file's text before placeholder substitution
 * @param checksum SHA-256 of {@code text} (line endings normalised), recorded when applied
 */
public record MigrationScript(int version, String name, String text, String checksum) {

    /** The classpath folder of the shipped schema. */
    public static final String DEFAULT_FOLDER = "cql";

    /** The file in {@link #DEFAULT_FOLDER} that lists the migrations in order. */
    public static final String INDEX = "index.txt";

    private static final Pattern FILE_NAME = Pattern.compile("(\\d{3,})_[a-z0-9_]+\\.cql");

    public MigrationScript {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(checksum, "checksum");
    }

    /**
     * A script from its file name and text, computing version and checksum.
     *
     * @throws IllegalArgumentException if the name is not {@code NNN_name.cql}
     */
    public static MigrationScript of(String name, String text) {
        return new MigrationScript(versionOf(name), name, text, CqlText.sha256(text));
    }

    /** The shipped schema, in order, from this module's classpath. */
    public static List<MigrationScript> load() {
        return load(MigrationScript.class.getClassLoader(), DEFAULT_FOLDER);
    }

    /**
     * The scripts listed in {@code folder/index.txt}, in the listed order. The index holds one
     * file name a line; blank lines and {@code #} comments are ignored. Versions must be
     * unique and ascending.
     *
     * @throws MigrationException if the index or a listed file is missing or malformed
     */
    public static List<MigrationScript> load(ClassLoader loader, String folder) {
        String indexPath = folder + "/" + INDEX;
        List<MigrationScript> scripts = new ArrayList<>();
        Set<Integer> versions = new HashSet<>();
        int previous = Integer.MIN_VALUE;
        for (String line : read(loader, indexPath).split("\n")) {
            int hash = line.indexOf('#');
            String name = (hash < 0 ? line : line.substring(0, hash)).strip();
            if (name.isEmpty()) {
                continue;
            }
            MigrationScript script;
            try {
                script = of(name, read(loader, folder + "/" + name));
            } catch (IllegalArgumentException e) {
                throw new MigrationException(indexPath + ": " + e.getMessage(), e);
            }
            if (!versions.add(script.version())) {
                throw new MigrationException(indexPath + ": version " + script.version() + " is listed twice");
            }
            if (script.version() < previous) {
                throw new MigrationException(indexPath + ": " + name + " is listed after a higher version; keep the index in order");
            }
            previous = script.version();
            scripts.add(script);
        }
        if (scripts.isEmpty()) {
            throw new MigrationException(indexPath + " lists no migrations");
        }
        return List.copyOf(scripts);
    }

    /**
     * The executable statements, comments removed and placeholders substituted.
     *
     * @throws MigrationException naming this file if the text cannot be split or substituted
     */
    public List<String> statements(Map<String, String> placeholders) {
        try {
            List<String> statements = new ArrayList<>();
            for (String statement : CqlText.split(text)) {
                statements.add(CqlText.substitute(statement, placeholders));
            }
            return List.copyOf(statements);
        } catch (IllegalArgumentException e) {
            throw new MigrationException("migration " + name + ": " + e.getMessage(), e);
        }
    }

    private static int versionOf(String name) {
        Matcher m = FILE_NAME.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + name + "\" is not a migration file name like 007_what_it_adds.cql");
        }
        return Integer.parseInt(m.group(1));
    }

    private static String read(ClassLoader loader, String path) {
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                throw new MigrationException(path + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MigrationException("cannot read " + path + " from the classpath", e);
        }
    }
}
