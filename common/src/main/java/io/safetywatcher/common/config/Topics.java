package io.safetywatcher.common.config;

import java.util.List;

/** The contract topics (DESIGN section 3), under one configurable prefix. */
public record Topics(String prefix) implements java.io.Serializable {

    public static Topics of(WatcherConfig config) { return new Topics(config.get("topics.prefix")); }

    public String frames() { return prefix + "frames"; }

    public String readings() { return prefix + "readings"; }

    public String observations() { return prefix + "observations"; }

    public String alerts() { return prefix + "alerts"; }

    /** The same alert events as CAP 1.2 documents, written in the same transaction as {@link #alerts()}. */
    public String alertsCap() { return prefix + "alerts.cap"; }

    public String deadLetter() { return prefix + "deadletter"; }

    public String truth() { return prefix + "truth"; }

    public List<String> all() { return List.of(frames(), readings(), observations(), alerts(), alertsCap(), deadLetter(), truth()); }
}
