package io.safetywatcher.console;

/** A request the service turns down: the HTTP status and a message that says what is wrong. */
public final class Refused extends RuntimeException {
    private final int status;

    public Refused(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() { return status; }

    public static Refused badRequest(String message) { return new Refused(400, message); }
}
