package io.safetywatcher.analytics.archive;

import io.safetywatcher.common.config.ConfigException;
import io.safetywatcher.common.config.WatcherConfig;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The analytics.archive.* keys, checked once. {@code location} is a Hadoop path: a configured
 * URI (hdfs://, s3a://, file:) as given, a plain folder made absolute on the local file system,
 * so that a relative default never lands on a cluster's default file system by accident.
 */
public record ArchiveSettings(boolean enabled, String location, Duration settle, Duration readAfter) implements Serializable {
    /** A scheme of two letters or more: "C:" is a Windows drive, not a file system. */
    private static final Pattern URI = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");

    public static ArchiveSettings of(WatcherConfig c, Path workingDir) {
        return new ArchiveSettings(c.getBoolean("analytics.archive.enabled"), location(c.get("analytics.archive.dir"), workingDir),
                c.getDuration("analytics.archive.settle", Duration.ZERO, Duration.ofDays(7)),
                c.getDuration("analytics.archive.read-after", Duration.ofDays(1), Duration.ofDays(3650)));
    }

    /** The archive folder as a Hadoop path string, without a trailing slash. */
    public static String location(String configured, Path workingDir) {
        String v = configured == null ? "" : configured.trim();
        if (v.isEmpty()) {
            throw new ConfigException("analytics.archive.dir is empty: give a folder or a Hadoop file system URI (hdfs://host/path)");
        }
        String out = URI.matcher(v).matches() ? v : "file:" + workingDir.resolve(v).toAbsolutePath().normalize();
        while (out.endsWith("/") && !out.endsWith(":/") && !out.endsWith("://")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }
}
