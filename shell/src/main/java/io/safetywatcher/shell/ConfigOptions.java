package io.safetywatcher.shell;

import io.safetywatcher.common.config.WatcherConfig;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --config FILE} and {@code --set KEY=VALUE}, mixed into every program. Inherited: on a
 * command with subcommands they are accepted before or after the subcommand's name.
 */
public final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Configuration file (default: $WATCHER_CONFIG or ./watcher.properties).")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE", scope = ScopeType.INHERIT,
            description = "Override a configuration key, e.g. --set cassandra.port=19042.")
    Map<String, String> sets = new LinkedHashMap<>();

    /** Defaults, file, environment, then the {@code --set} flags. */
    public WatcherConfig load() {
        return WatcherConfig.load(file, sets);
    }

    /** {@link #load()} with a program's own flags that stand for keys, after the {@code --set} ones. */
    public WatcherConfig load(Map<String, String> more) {
        Map<String, String> flags = new LinkedHashMap<>(sets);
        flags.putAll(more);
        return WatcherConfig.load(file, flags);
    }

    public Path file() { return file; }

    public Map<String, String> sets() { return Map.copyOf(sets); }

    /** The options of the nearest command, from this one up, that mixes them in (a subcommand's are its parent's). */
    public static ConfigOptions of(CommandSpec spec) {
        for (CommandSpec s = spec; s != null; s = s.parent()) {
            for (CommandSpec mixin : s.mixins().values()) {
                if (mixin.userObject() instanceof ConfigOptions c) {
                    return c;
                }
            }
        }
        throw new CommandLine.InitializationException(spec.qualifiedName() + " has no --config/--set options");
    }
}
