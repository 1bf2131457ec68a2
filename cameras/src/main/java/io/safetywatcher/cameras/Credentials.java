package io.safetywatcher.cameras;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.function.Function;

/**
 * A camera's user and password, read from where the registry says ({@code env:NAME} or
 * {@code file:PATH}, holding {@code user:password}) at each connection, so a changed secret is
 * picked up on the next reconnect. {@link #toString()} never shows the password, and the
 * messages of failures name the place, never the content.
 */
public record Credentials(String user, String password) {

    /** Reads the credentials {@code reference} names; {@code env} looks up environment variables. */
    public static Credentials resolve(String reference, Function<String, String> env) throws IOException {
        String text;
        if (reference.startsWith("env:")) {
            String name = reference.substring(4);
            text = env.apply(name);
            if (text == null || text.isBlank()) {
                throw new IOException("the credentials' environment variable " + name + " is not set");
            }
        } else if (reference.startsWith("file:")) {
            Path file = Path.of(reference.substring(5));
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IOException("the credentials file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
            }
        } else {
            throw new IOException("credentials must be env:NAME or file:PATH");
        }
        String line = text.strip();
        int colon = line.indexOf(':');
        if (colon <= 0 || line.contains("\n")) {
            throw new IOException("the credentials in " + reference + " are not one line user:password");
        }
        return new Credentials(line.substring(0, colon), line.substring(colon + 1));
    }

    /** The HTTP Basic {@code Authorization} header value. */
    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code text} with the password (and its URL-encoded form) replaced, for anything that may reach a log. */
    public String scrub(String text) {
        if (text == null || password.isEmpty()) {
            return text;
        }
        return text.replace(password, "***").replace(java.net.URLEncoder.encode(password, StandardCharsets.UTF_8), "***");
    }

    @Override
    public String toString() { return "Credentials[user=" + user + ", password=***]"; }
}
