package io.safetywatcher.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.safetywatcher.common.event.ActionFields;
import io.safetywatcher.common.event.ActionKind;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Disposition;
import io.safetywatcher.common.event.SilenceLimits;
import io.safetywatcher.store.actions.ActionTables;

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
 * POST /actions/alerts/{id}/ack|comment          {"note": "..."}
 * POST /actions/alerts/{id}/resolve              {"note": "...", "disposition": "true_alarm|false_alarm|test", "category": "animal",
 *                                                 "false_alarm": true}    (false_alarm: the older form of disposition)
 * POST /actions/alerts/{id}/assign               {"to": "olivia", "note": "..."}   ("to": "" unassigns)
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

    /**
     * Acknowledge, resolve, comment on or assign one alert.
     *
     * @param disposition resolve only: how it closed; null when the request said neither disposition nor false_alarm
     * @param category    resolve only: a short label of the disposition, or null
     * @param assignee    assign only: who works on it, "" to unassign; null on other kinds
     */
    record OnAlert(String alertId, ActionKind kind, String note, Disposition disposition, String category, String assignee)
            implements ActionRequest {
        /** An ack or comment. */
        public static OnAlert plain(String alertId, ActionKind kind, String note) {
            return new OnAlert(alertId, kind, note, null, null, null);
        }

        /** The legacy flag a resolve also writes, for readers older than dispositions. */
        public boolean falseAlarm() { return disposition != null && disposition.falseAlarm(); }

        /** The action as its owner stores it, done by {@code actor} at {@code at}. */
        public ActionTables.Action action(String actor, Instant at) {
            return new ActionTables.Action(at, kind, actor, note, falseAlarm(), assignee, disposition, category);
        }
    }

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
                    "no action '" + m.group(2) + "' on an alert: ack, resolve, comment or assign"));
            String id = id("alert id", java.net.URLDecoder.decode(m.group(1), java.nio.charset.StandardCharsets.UTF_8));
            only(body, switch (kind) {
                case RESOLVE -> Set.of("note", "false_alarm", "disposition", "category", ACTOR);
                case ASSIGN -> Set.of("to", "note", ACTOR);
                default -> Set.of("note", ACTOR);
            });
            String note = text(body, "note", kind == ActionKind.COMMENT);
            if (kind == ActionKind.RESOLVE) {
                return new OnAlert(id, kind, note, disposition(body), category(body), null);
            }
            if (kind == ActionKind.ASSIGN) {
                return new OnAlert(id, kind, note, null, null, assignee(body));
            }
            return OnAlert.plain(id, kind, note);
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

    /** A resolve's disposition, from "disposition" or the older "false_alarm", which must not contradict each other. */
    private static Disposition disposition(JsonNode body) {
        JsonNode fa = body.get("false_alarm");
        if (fa != null && !fa.isNull() && !fa.isBoolean()) {
            throw Refused.badRequest("false_alarm must be true or false");
        }
        String named = text(body, "disposition", false);
        Disposition given = null;
        if (named != null) {
            given = Disposition.of(named).orElseThrow(() -> Refused.badRequest("disposition must be " + Disposition.choices()
                    + ", not '" + shortened(named) + "'"));
        }
        try {
            return Disposition.reconcile(given, fa == null || fa.isNull() ? null : fa.asBoolean(), "disposition", "false_alarm");
        } catch (IllegalArgumentException e) {
            throw Refused.badRequest(e.getMessage());
        }
    }

    private static String category(JsonNode body) {
        String c = text(body, "category", false);
        ActionFields.categoryProblem(c).ifPresent(why -> {
            throw Refused.badRequest("category " + why);
        });
        return c == null ? null : c.strip();
    }

    /** Who an assign hands the alert to: a name, or "" (blank) to unassign; required so a forgotten field never unassigns. */
    private static String assignee(JsonNode body) {
        JsonNode n = body.get("to");
        if (n == null || n.isNull()) {
            throw Refused.badRequest("to is required: the operator to assign to, or \"\" to unassign");
        }
        if (!n.isTextual()) {
            throw Refused.badRequest("to must be text");
        }
        String to = n.asText().strip();
        ActionFields.assigneeProblem(to).ifPresent(why -> {
            throw Refused.badRequest("to " + why);
        });
        return to;
    }

    private static String shortened(String s) { return s.length() > 40 ? s.substring(0, 40) + "..." : s; }

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
            throw Refused.badRequest("'" + shortened(id) + "' is not a valid " + what);
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
