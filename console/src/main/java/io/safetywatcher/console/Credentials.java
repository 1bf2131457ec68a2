package io.safetywatcher.console;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** An HTTP Basic {@code Authorization} header's account and password. {@link #toString()} never shows the password. */
public record Credentials(String account, String password) {

    /** The credentials of a {@code Basic} header; {@link Refused} (401) if there is none or it is malformed. */
    public static Credentials parseBasic(String header) {
        if (header == null || header.isBlank()) {
            throw new Refused(401, "sign in: this service needs the operator's account and password (HTTP Basic)");
        }
        String[] parts = header.strip().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Basic")) {
            throw new Refused(401, "only HTTP Basic authentication is accepted");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Refused(401, "the Basic credentials are not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0 || colon == decoded.length() - 1) {
            throw new Refused(401, "the Basic credentials need an account and a password");
        }
        return new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    /** The header value a client sends. */
    public String header() {
        return "Basic " + Base64.getEncoder().encodeToString((account + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() { return "Credentials[" + account + "]"; }
}
