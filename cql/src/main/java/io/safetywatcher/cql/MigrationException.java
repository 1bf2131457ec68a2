package io.safetywatcher.cql;

/**
 * The schema could not be brought up to date: an applied file was edited, the lock could not
 * be taken, a statement failed, or the shipped files are malformed. Unchecked, like the
 * driver's own exceptions; the message says what to do.
 */
public class MigrationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MigrationException(String message) {
        super(message);
    }

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
