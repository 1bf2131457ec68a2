package io.safetywatcher.common.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * All of Safety Watcher's settings, in one place. Layers, later wins: the defaults shipped in
 * {@code watcher-defaults.properties}, a file, the environment ({@code WATCHER_*}), flags.
 * Only keys the defaults name are accepted, so a typo is an error rather than a silent no-op.
 * Immutable; {@link #with} returns a copy.
 */
public final class WatcherConfig {
    public static final String FILE_ENV = "WATCHER_CONFIG";
    public static final String LOCAL_FILE = "watcher.properties";
    private static final Pattern REF = Pattern.compile("\\$\\{([a-z0-9.\\-]+)}");

    /** A value and the layer it came from, for the start-up printout. */
    public record Setting(String value, String source) {}

    private final Map<String, Setting> settings;

    private WatcherConfig(Map<String, Setting> settings) {
        this.settings = Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /** Defaults only: what tests and embedded callers start from. */
    public static WatcherConfig defaults() {
        return new Builder().build();
    }

    /**
     * The usual load: defaults, what the launcher passed ({@code -Dwatcher.home}), then the
     * file, then the process environment, then flags.
     */
    public static WatcherConfig load(Path file, Map<String, String> flags) {
        return builder().launcher().file(file).environment(System.getenv()).flags(flags).build();
    }

    public static Builder builder() { return new Builder(); }

    public static final class Builder {
        private final Map<String, Setting> values = new LinkedHashMap<>();

        private Builder() {
            Properties p = new Properties();
            try (InputStream in = WatcherConfig.class.getResourceAsStream("/watcher-defaults.properties")) {
                if (in == null) {
                    throw new IllegalStateException("watcher-defaults.properties is not on the classpath");
                }
                p.load(in);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the default configuration", e);
            }
            p.stringPropertyNames().forEach(k -> values.put(k, new Setting(p.getProperty(k).trim(), "default")));
        }

        /** {@code -Dwatcher.home}, which {@code ./watcher} and the build's test runner set. */
        public Builder launcher() {
            String home = System.getProperty("watcher.home");
            if (home != null && !home.isBlank()) {
                set("watcher.home", home, "launcher");
            }
            return this;
        }

        /**
         * A properties file. {@code null} means: {@code $WATCHER_CONFIG} if set, else
         * {@code ./watcher.properties} if it exists, else none.
         */
        public Builder file(Path file) {
            Path f = file;
            if (f == null) {
                String env = System.getenv(FILE_ENV);
                if (env != null && !env.isBlank()) {
                    f = Path.of(env);
                } else if (Files.isRegularFile(Path.of(LOCAL_FILE))) {
                    f = Path.of(LOCAL_FILE);
                }
            }
            if (f == null) {
                return this;
            }
            if (!Files.isRegularFile(f)) {
                throw new ConfigException("configuration file " + f.toAbsolutePath() + " does not exist");
            }
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(f)) {
                p.load(r);
            } catch (IOException e) {
                throw new ConfigException("cannot read configuration file " + f + ": " + e.getMessage(), e);
            }
            for (String k : p.stringPropertyNames()) {
                set(k, p.getProperty(k).trim(), "file " + f);
            }
            return this;
        }

        /** {@code WATCHER_CASSANDRA_PORT} sets {@code cassandra.port}; other variables are ignored. */
        public Builder environment(Map<String, String> env) {
            for (String key : List.copyOf(values.keySet())) {
                String v = env.get(envName(key));
                if (v != null) {
                    set(key, v.trim(), "env " + envName(key));
                }
            }
            return this;
        }

        /**
         * Command-line flags. A secret is refused here: a command line is visible to every user
         * in the process list and stays in shell history.
         */
        public Builder flags(Map<String, String> flags) {
            flags.forEach((k, v) -> {
                if (isSecret(k)) {
                    throw new ConfigException(k + " is a secret and cannot be given on the command line (others see it in the "
                            + "process list, and it stays in shell history): put it in a file named by " + k + "-file, or in the "
                            + "environment as " + envName(k));
                }
                set(k, v, "flag");
            });
            return this;
        }

        public Builder set(String key, String value, String source) {
            if (!values.containsKey(key)) {
                throw new ConfigException("unknown configuration key '" + key + "' (from " + source + ")" + suggestion(key));
            }
            values.put(key, new Setting(value == null ? "" : value, source));
            return this;
        }

        public WatcherConfig build() {
            Map<String, Setting> resolved = new LinkedHashMap<>();
            for (var e : values.entrySet()) {
                resolved.put(e.getKey(), new Setting(resolve(e.getKey(), e.getValue().value(), 0), e.getValue().source()));
            }
            return new WatcherConfig(resolved);
        }

        private String resolve(String key, String value, int depth) {
            if (depth > 10) {
                throw new ConfigException("configuration key '" + key + "' refers to itself through ${...}");
            }
            Matcher m = REF.matcher(value);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                Setting ref = values.get(m.group(1));
                if (ref == null) {
                    throw new ConfigException("configuration key '" + key + "' refers to unknown key ${" + m.group(1) + "}");
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(resolve(m.group(1), ref.value(), depth + 1)));
            }
            m.appendTail(sb);
            return sb.toString();
        }

        private String suggestion(String key) {
            return Suggestion.closest(key, values.keySet()).map(k -> "; did you mean '" + k + "'?").orElse("");
        }
    }

    public static String envName(String key) {
        return "WATCHER_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String get(String key) {
        Setting s = settings.get(key);
        if (s == null) {
            throw new ConfigException("unknown configuration key '" + key + "'");
        }
        return s.value();
    }

    /** A whole number, else a ConfigException naming the key, the value and where it came from. */
    public int getInt(String key) {
        long v = getLong(key);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw invalid(key, "is not a whole number in the int range");
        }
        return (int) v;
    }

    /** {@link #getInt(String)} within {@code min..max} (both included). */
    public int getInt(String key, int min, int max) {
        return (int) getLong(key, min, max);
    }

    public long getLong(String key) {
        try {
            return Long.parseLong(get(key).trim());
        } catch (NumberFormatException e) {
            throw invalid(key, "is not a whole number");
        }
    }

    /** {@link #getLong(String)} within {@code min..max} (both included). */
    public long getLong(String key, long min, long max) {
        long v = getLong(key);
        if (v < min || v > max) {
            throw invalid(key, bounds(Long.toString(min), Long.toString(max), min == Long.MIN_VALUE, max == Long.MAX_VALUE));
        }
        return v;
    }

    /** A finite number (NaN and infinities are refused). */
    public double getDouble(String key) {
        double v;
        try {
            v = Double.parseDouble(get(key).trim());
        } catch (NumberFormatException e) {
            throw invalid(key, "is not a number");
        }
        if (!Double.isFinite(v)) {
            throw invalid(key, "is not a number");
        }
        return v;
    }

    /** {@link #getDouble(String)} within {@code min..max} (both included; an infinite bound is no bound). */
    public double getDouble(String key, double min, double max) {
        double v = getDouble(key);
        if (v < min || v > max) {
            throw invalid(key, bounds(number(min), number(max), min == Double.NEGATIVE_INFINITY, max == Double.POSITIVE_INFINITY));
        }
        return v;
    }

    public int getPort(String key) {
        int p;
        try {
            p = getInt(key);
        } catch (ConfigException e) {
            throw invalid(key, "is not a port between 1 and 65535");
        }
        if (p < 1 || p > 65535) {
            throw invalid(key, "is not a port between 1 and 65535");
        }
        return p;
    }

    public Duration getDuration(String key) {
        String v = get(key);
        try {
            return Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw invalid(key, Durations.problem(v).orElse("is not a duration"));
        }
    }

    /** {@link #getDuration(String)} within {@code min..max} (both included). */
    public Duration getDuration(String key, Duration min, Duration max) {
        Duration v = getDuration(key);
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            throw invalid(key, bounds(Durations.format(min), Durations.format(max), false, false));
        }
        return v;
    }

    public Path getPath(String key) { return Path.of(get(key)); }

    public boolean getBoolean(String key) {
        String v = get(key).trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off", "" -> false;
            default -> throw invalid(key, "is not true or false");
        };
    }

    /** "KEY = 'VALUE' (SOURCE) PROBLEM": the one shape of every bad-value message. */
    private ConfigException invalid(String key, String problem) {
        Setting s = settings.get(key);
        return new ConfigException(key + " = '" + (isSecret(key) ? "****" : s.value()) + "' (" + s.source() + ") " + problem);
    }

    private static String bounds(String min, String max, boolean noMin, boolean noMax) {
        return noMin ? "is more than " + max : noMax ? "is less than " + min : "is outside " + min + ".." + max;
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /**
     * A secret: {@code key} itself (from the environment or a configuration file), else the
     * first line of the file that {@code key-file} names, else empty. Never from a flag.
     */
    public String secret(String key) {
        if (!isSecret(key)) {
            throw new IllegalArgumentException(key + " is not a secret key");
        }
        String direct = get(key);
        if (!direct.isEmpty()) {
            return direct;
        }
        String file = get(key + "-file");
        if (file.isBlank()) {
            return "";
        }
        Path f = Path.of(file);
        try {
            String text = Files.readString(f);
            int nl = text.indexOf('\n');
            return (nl < 0 ? text : text.substring(0, nl)).strip();
        } catch (IOException e) {
            throw new ConfigException(key + "-file: cannot read " + f.toAbsolutePath() + " (" + e.getClass().getSimpleName()
                    + ") (" + settings.get(key + "-file").source() + ")");
        }
    }

    public Map<String, Setting> settings() { return settings; }

    /** A copy with one key changed, e.g. by a program's own flag. */
    public WatcherConfig with(String key, String value, String source) {
        if (!settings.containsKey(key)) {
            throw new ConfigException("unknown configuration key '" + key + "'");
        }
        Map<String, Setting> copy = new LinkedHashMap<>(settings);
        copy.put(key, new Setting(value, source));
        return new WatcherConfig(copy);
    }

    /** Lines for the start-up printout; anything that looks like a secret is masked. */
    public List<String> describe() {
        int width = settings.keySet().stream().mapToInt(String::length).max().orElse(0);
        List<String> lines = new ArrayList<>();
        settings.forEach((k, s) -> {
            String v = isSecret(k) && !s.value().isEmpty() ? "****" : s.value();
            lines.add(String.format("  %-" + width + "s = %s%s", k, v, "default".equals(s.source()) ? "" : "   (" + s.source() + ")"));
        });
        return lines;
    }

    /** A key whose value is a secret; {@code ...-file} keys only name where one is. */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return !k.endsWith("-file") && (k.contains("password") || k.contains("secret") || k.contains("token"));
    }
}
