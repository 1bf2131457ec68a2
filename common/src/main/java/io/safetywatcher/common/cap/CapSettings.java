package io.safetywatcher.common.cap;

import io.safetywatcher.common.config.ConfigException;
import io.safetywatcher.common.config.WatcherConfig;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What every CAP message of this deployment says about itself ({@code cap.*} settings).
 *
 * @param sender      CAP {@code sender}: globally unique, no spaces, commas, {@code <} or {@code &}
 * @param senderName  CAP {@code senderName}, the human name of the sender
 * @param status      Actual, Exercise, System, Test or Draft
 * @param scope       Public or Restricted (Private would need addresses per message)
 * @param restriction who may see a Restricted message (required then, ignored for Public)
 * @param language    RFC 3066 tag of the text (headline, description)
 * @param evidenceUrl a resource's {@code uri} is this followed by the evidence reference; empty: no uri
 */
public record CapSettings(String sender, String senderName, String status, String scope, String restriction, String language,
                          String evidenceUrl) implements java.io.Serializable {
    public static final List<String> STATUSES = List.of("Actual", "Exercise", "System", "Test", "Draft");
    public static final List<String> SCOPES = List.of("Public", "Restricted");
    /** CAP 1.2 forbids whitespace, commas and the XML-special {@code <} and {@code &} in sender and identifier. */
    static final Pattern NO_RESTRICTED = Pattern.compile("[^\\s,<&]+");
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*");

    public CapSettings {
        Objects.requireNonNull(senderName, "senderName");
        Objects.requireNonNull(evidenceUrl, "evidenceUrl");
        if (sender == null || !NO_RESTRICTED.matcher(sender).matches()) {
            throw new IllegalArgumentException("the CAP sender must be non-empty, without spaces, commas, '<' or '&'; not '" + sender + "'");
        }
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("the CAP status is one of " + STATUSES + ", not '" + status + "'");
        }
        if (!SCOPES.contains(scope)) {
            throw new IllegalArgumentException("the CAP scope is one of " + SCOPES + " (Private needs addresses per message, which "
                    + "alerts do not carry), not '" + scope + "'");
        }
        if (scope.equals("Restricted") && (restriction == null || restriction.isBlank())) {
            throw new IllegalArgumentException("a Restricted CAP scope needs the restriction text (who may see the messages)");
        }
        if (language == null || !LANGUAGE.matcher(language).matches()) {
            throw new IllegalArgumentException("the CAP language is an RFC 3066 tag such as en-US, not '" + language + "'");
        }
    }

    /** From {@code cap.*}; a bad value is a {@link ConfigException} naming the key. */
    public static CapSettings of(WatcherConfig c) {
        try {
            return new CapSettings(c.get("cap.sender"), c.get("cap.sender-name"), c.get("cap.status"), c.get("cap.scope"),
                    c.get("cap.restriction"), c.get("cap.language"), c.get("cap.evidence-url"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("cap.*: " + e.getMessage() + " (cap.sender=" + c.get("cap.sender") + ", cap.status="
                    + c.get("cap.status") + ", cap.scope=" + c.get("cap.scope") + ", cap.language=" + c.get("cap.language") + ")", e);
        }
    }
}
