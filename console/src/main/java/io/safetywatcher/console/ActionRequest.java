package io.safetywatcher.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.safetywatcher.common.event.ActionKind;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.SilenceLimits;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One operator action as the service receives it, checked: exactly what the CLI may do (act on
 * an alert, silence a zone within {@link SilenceLimits}, end a silence early) and nothing else. Who
 * acts is never part of it: the service takes that from the authentication.
 *
 * <pre>
 * POST /actions/alerts/{id}/ack|resolve|comment   {"note": "...", "false_alarm": true}
 * POST /actions/silences                          {"zone": "z", "type": "gunshot", "starts_at": "...", "ends_at": "...", "reason": "..."}
 * POST /actions/silences/{uuid}/expire            {}
 * </pre>
 */
public sealed interface ActionRequest {
    /** Longest note or reason kept: an audit line, not a document. */
    int MAX_TEXT = 2000;
    /** Longest alert or zone id accepted (the job's are far shorter). */
    int MAX_ID = 200;
    /** A claimed name: obeyed only by a service without authentication (see {@link #claimedActor}). */
    String ACTOR = "actor";

    /** Acknowledge, resolve or comment on one alert. */
    record OnAlert(String alertId, ActionKind kind, String note, boolean falseAlarm) implements ActionRequest {}

    /** Mute new alerts of a zone (one type, or every type when {@code type} is null) from {@code startsAt} to {@code endsAt}. */
    record NewSilence(String zone, AlertType type, Instant startsAt, Instant endsAt, String reason) implements ActionRequest {}

    /** End a silence now. */
    record ExpireSilence(java.util.UUID silenceId) implements ActionRequest {}

    Pattern ON_ALERT = Pattern.compile("/actions/alerts/([^/]+)/([a-z]+)");
    Pattern EXPIRE = Pattern.compile("/actions/silences/([^/]+)/expire");

    /** The request a POST to {@code path} with {@code body} (a JSON object) asks for; {@link Refused} if it is not one. */
    static ActionRequest parse(String path, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw Refused.badRequest("the body must be a JSON object");
        }
        Matcher m = ON_ALERT.matcher(path);
        if (m.matches()) {
            ActionKind kind = ActionKind.of(m.group(2)).orElseThrow(() -> new Refused(404,
                    "no action '" + m.group(2) + "' on an alert: ack, resolve or comment"));
            String id = id("alert id", java.net.URLDecoder.decode(m.group(1), java.nio.charset.StandardCharsets.UTF_8));
            Set<String> fields = kind == ActionKind.RESOLVE ? Set.of("note", "false_alarm", ACTOR) : Set.of("note", ACTOR);
            only(body, fields);
            String note = text(body, "note", kind == ActionKind.COMMENT);
            JsonNode fa = body.get("false_alarm");
            if (fa != null && !fa.isNull() && !fa.isBoolean()) {
                throw Refused.badRequest("false_alarm must be true or false");
            }
            return new OnAlert(id, kind, note, fa != null && fa.asBoolean(false));
        }
        if (path.equals("/actions/silences")) {
            only(body, Set.of("zone", "type", "starts_at", "ends_at", "reason", ACTOR));
            String zone = id("zone", text(body, "zone", true));
            String typeText = text(body, "type", false);
            AlertType type = null;
            if (typeText != null) {
                type = AlertType.fromId(typeText).orElseThrow(() -> Refused.badRequest("unknown alert type '" + typeText + "'"));
            }
            Instant starts = instant(body, "starts_at");
            Instant ends = instant(body, "ends_at");
            if (!SilenceLimits.allowed(starts, ends)) {
                throw Refused.badRequest("a silence ends after it starts and lasts at most " + SilenceLimits.LONGEST.toDays()
                        + "d, not " + starts + " to " + ends + " (a longer mute hides too much)");
            }
            return new NewSilence(zone, type, starts, ends, text(body, "reason", true));
        }
        Matcher e = EXPIRE.matcher(path);
        if (e.matches()) {
            only(body, Set.of(ACTOR));
            try {
                return new ExpireSilence(java.util.UUID.fromString(e.group(1)));
            } catch (IllegalArgumentException x) {
                throw Refused.badRequest("'" + e.group(1) + "' is not a silence id");
            }
        }
        throw new Refused(404, "no action at " + path);
    }

    /** The name a client says it is: only a service without authentication records it, marked as unchecked. */
    static String claimedActor(JsonNode body) {
        JsonNode a = body == null ? null : body.get(ACTOR);
        String name = a == null || !a.isTextual() || a.asText().isBlank() ? "unknown" : a.asText().strip();
        return (name.length() > 64 ? name.substring(0, 64) : name) + " (unauthenticated)";
    }

    private static void only(JsonNode body, Set<String> allowed) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw Refused.badRequest("unknown field '" + f + "' (this action takes " + new java.util.TreeSet<>(allowed) + ")");
            }
        }
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw Refused.badRequest(field + " is required");
            }
            return null;
        }
        if (!n.isTextual()) {
            throw Refused.badRequest(field + " must be text");
        }
        String s = n.asText();
        if (required && s.isBlank()) {
            throw Refused.badRequest(field + " must say something");
        }
        if (s.length() > MAX_TEXT) {
            throw Refused.badRequest(field + " is longer than " + MAX_TEXT + " characters");
        }
        return s;
    }

    private static String id(String what, String id) {
        if (id.isBlank() || id.length() > MAX_ID || id.chars().anyMatch(Character::isISOControl)) {
            throw Refused.badRequest("'" + (id.length() > 40 ? id.substring(0, 40) + "..." : id) + "' is not a valid " + what);
        }
        return id;
    }

    private static Instant instant(JsonNode body, String field) {
        String s = text(body, field, true);
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw Refused.badRequest(field + ": '" + s + "' is not an ISO-8601 instant like 2026-01-31T18:00:00Z");
        }
    }
}
