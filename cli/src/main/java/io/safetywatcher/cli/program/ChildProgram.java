package io.safetywatcher.cli.program;

import io.safetywatcher.common.config.WatcherConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starting the other programs as child processes with this CLI's configuration: every key that
 * differs from the defaults is handed on as its {@code WATCHER_*} variable, so a child sees the
 * same stack whether the setting came from a file, the environment or {@code --set}.
 */
public final class ChildProgram {
    /** What ./watcher's SPARK_OPENS gives the alert job (Spark's own launcher opens these on Java 17). */
    static final List<String> SPARK_OPENS = io.safetywatcher.common.config.SparkSettings.JAVA17_OPENS;

    private ChildProgram() {}

    /** {@code ./watcher <args>} without its rebuild check (whoever runs this was just built). */
    public static ProcessBuilder watcher(WatcherConfig config, List<String> args) {
        Path home = home(config);
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("watcher").toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("WATCHER_NO_BUILD", "1");
        pass(config, pb.environment());
        return pb;
    }

    /**
     * A Spark program of this repository in its own JVM, with the JVM options ./watcher gives the
     * alert job: {@code <module>/target/watcher-<module>.jar} + {@code <module>/target/lib/*}.
     */
    public static ProcessBuilder sparkProgram(WatcherConfig config, String module, String mainClass, List<String> args) {
        Path home = home(config);
        Path jar = home.resolve(module).resolve("target").resolve("watcher-" + module + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(module + " is not built: " + jar + " is missing (run ./watcher once, or mvn -DskipTests package)");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1536m");
        cmd.addAll(SPARK_OPENS);
        cmd.add("-Dwatcher.home=" + home);
        cmd.add("-cp");
        cmd.add(jar + java.io.File.pathSeparator + home.resolve(module).resolve("target").resolve("lib") + "/*");
        cmd.add(mainClass);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pass(config, pb.environment());
        return pb;
    }

    static Path home(WatcherConfig config) {
        return Path.of(config.get("watcher.home")).toAbsolutePath().normalize();
    }

    static void pass(WatcherConfig config, Map<String, String> env) {
        overrides(config).forEach((key, value) -> env.put(WatcherConfig.envName(key), value));
    }

    /** The settings that differ from the defaults (from a file, the environment or flags), in key order. */
    public static Map<String, String> overrides(WatcherConfig config) {
        Map<String, String> set = new java.util.TreeMap<>();
        config.settings().forEach((key, s) -> {
            if (!"default".equals(s.source()) && !"launcher".equals(s.source())) {
                set.put(key, s.value());
            }
        });
        return set;
    }
}
