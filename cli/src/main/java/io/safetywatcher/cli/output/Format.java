package io.safetywatcher.cli.output;

/** How a command prints its result: aligned for people, JSON or CSV for machines. */
public enum Format {
    TABLE, JSON, CSV
}
