package io.safetywatcher.common.config;

/** A configuration mistake, with a message that says which key and what is wrong. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) { super(message); }

    public ConfigException(String message, Throwable cause) { super(message, cause); }
}
