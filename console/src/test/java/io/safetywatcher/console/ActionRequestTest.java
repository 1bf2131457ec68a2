package io.safetywatcher.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.common.event.ActionKind;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Disposition;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the action service accepts: the CLI's operations and caps, no field it does not know, never an actor. */
class ActionRequestTest {
    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static void refused(String path, String body, int status, String message) {
        assertThatThrownBy(() -> ActionRequest.parse(path, json(body))).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.status()).isEqualTo(status)).hasMessageContaining(message);
    }

    static ActionRequest.OnAlert onAlert(String path, String body) {
        return (ActionRequest.OnAlert) ActionRequest.parse(path, json(body));
    }

    @Test
    void anAlertActionCarriesItsKindNoteAndFalseAlarm() {
        assertThat(ActionRequest.parse("/actions/alerts/a-1/ack", json("{\"note\":\"on my way\"}")))
                .isEqualTo(ActionRequest.OnAlert.plain("a-1", ActionKind.ACK, "on my way"));
        assertThat(ActionRequest.parse("/actions/alerts/a%201/resolve", json("{\"note\":\"car\",\"false_alarm\":true}")))
                .isEqualTo(new ActionRequest.OnAlert("a 1", ActionKind.RESOLVE, "car", Disposition.FALSE_ALARM, null, null));
        assertThat(ActionRequest.parse("/actions/alerts/a-1/ack", json("{}")))
                .isEqualTo(ActionRequest.OnAlert.plain("a-1", ActionKind.ACK, null));
    }

    @Test
    void aResolveTakesADispositionAndACategory() {
        assertThat(onAlert("/actions/alerts/a-1/resolve", "{\"disposition\":\"test\",\"category\":\" maintenance \",\"note\":\"drill\"}"))
                .isEqualTo(new ActionRequest.OnAlert("a-1", ActionKind.RESOLVE, "drill", Disposition.TEST, "maintenance", null));
        ActionRequest.OnAlert fox = onAlert("/actions/alerts/a-1/resolve", "{\"disposition\":\"true_alarm\",\"category\":\"animal\"}");
        assertThat(fox.disposition()).isEqualTo(Disposition.TRUE_ALARM);
        assertThat(fox.falseAlarm()).isFalse();
        // The written false_alarm follows the disposition, so the analytics' older reading stays right.
        assertThat(onAlert("/actions/alerts/a-1/resolve", "{\"disposition\":\"false_alarm\"}").falseAlarm()).isTrue();
        assertThat(onAlert("/actions/alerts/a-1/resolve", "{\"disposition\":\"test\"}").falseAlarm()).isFalse();
        assertThat(fox.action("olivia", Instant.EPOCH).disposition()).isEqualTo(Disposition.TRUE_ALARM);
        assertThat(fox.action("olivia", Instant.EPOCH).category()).isEqualTo("animal");
    }

    @Test
    void theOlderFalseAlarmFlagMapsToADispositionAndMustAgreeWithOne() {
        assertThat(onAlert("/actions/alerts/a-1/resolve", "{\"false_alarm\":false}").disposition()).isEqualTo(Disposition.TRUE_ALARM);
        assertThat(onAlert("/actions/alerts/a-1/resolve", "{\"false_alarm\":true}").disposition()).isEqualTo(Disposition.FALSE_ALARM);
        assertThat(onAlert("/actions/alerts/a-1/resolve", "{}").disposition()).isNull();
        assertThat(onAlert("/actions/alerts/a-1/resolve", "{\"false_alarm\":true,\"disposition\":\"false_alarm\"}").disposition())
                .isEqualTo(Disposition.FALSE_ALARM);
        // A test is not a false alarm: false_alarm false beside it agrees.
        assertThat(onAlert("/actions/alerts/a-1/resolve", "{\"false_alarm\":false,\"disposition\":\"test\"}").disposition())
                .isEqualTo(Disposition.TEST);
        refused("/actions/alerts/a-1/resolve", "{\"false_alarm\":true,\"disposition\":\"true_alarm\"}", 400,
                "false_alarm true contradicts disposition true_alarm");
        refused("/actions/alerts/a-1/resolve", "{\"false_alarm\":true,\"disposition\":\"test\"}", 400,
                "false_alarm true contradicts disposition test");
        refused("/actions/alerts/a-1/resolve", "{\"false_alarm\":false,\"disposition\":\"false_alarm\"}", 400,
                "false_alarm false contradicts disposition false_alarm");
    }

    @Test
    void aBadDispositionOrCategoryIsRefusedNamingTheField() {
        refused("/actions/alerts/a-1/resolve", "{\"disposition\":\"hoax\"}", 400,
                "disposition must be true_alarm, false_alarm or test, not 'hoax'");
        refused("/actions/alerts/a-1/resolve", "{\"disposition\":true}", 400, "disposition must be text");
        refused("/actions/alerts/a-1/resolve", "{\"category\":\"" + "x".repeat(101) + "\"}", 400, "category is longer than 100 characters");
        refused("/actions/alerts/a-1/resolve", "{\"category\":\"ani\\nmal\"}", 400, "category must be printable text");
        refused("/actions/alerts/a-1/resolve", "{\"category\":\"  \"}", 400, "category must say something");
        refused("/actions/alerts/a-1/resolve", "{\"category\":7}", 400, "category must be text");
        refused("/actions/alerts/a-1/ack", "{\"disposition\":\"test\"}", 400, "unknown field 'disposition'");
        refused("/actions/alerts/a-1/comment", "{\"note\":\"n\",\"category\":\"animal\"}", 400, "unknown field 'category'");
    }

    @Test
    void anAssignNamesAnOperatorOrNobody() {
        assertThat(onAlert("/actions/alerts/a-1/assign", "{\"to\":\" olivia \",\"note\":\"yours\"}"))
                .isEqualTo(new ActionRequest.OnAlert("a-1", ActionKind.ASSIGN, "yours", null, null, "olivia"));
        assertThat(onAlert("/actions/alerts/a-1/assign", "{\"to\":\"\"}").assignee()).isEmpty();
        assertThat(onAlert("/actions/alerts/a-1/assign", "{\"to\":\"sam\"}").action("lead", Instant.EPOCH).assignee()).isEqualTo("sam");
        refused("/actions/alerts/a-1/assign", "{}", 400, "to is required");
        refused("/actions/alerts/a-1/assign", "{\"to\":null}", 400, "to is required");
        refused("/actions/alerts/a-1/assign", "{\"to\":[\"a\"]}", 400, "to must be text");
        refused("/actions/alerts/a-1/assign", "{\"to\":\"" + "o".repeat(65) + "\"}", 400, "to is longer than 64 characters");
        refused("/actions/alerts/a-1/assign", "{\"to\":\"ol\\u0007ivia\"}", 400, "to must be printable text");
        refused("/actions/alerts/a-1/assign", "{\"to\":\"sam\",\"disposition\":\"test\"}", 400, "unknown field 'disposition'");
        refused("/actions/alerts/a-1/resolve", "{\"to\":\"sam\"}", 400, "unknown field 'to'");
    }

    @Test
    void whatTheCliCannotDoIsRefused() {
        refused("/actions/alerts/a-1/delete", "{}", 404, "no action 'delete' on an alert: ack, resolve, comment or assign");
        refused("/actions/alerts/a-1/comment", "{}", 400, "note is required");
        refused("/actions/alerts/a-1/comment", "{\"note\":\"  \"}", 400, "note must say something");
        refused("/actions/alerts/a-1/ack", "{\"false_alarm\":true}", 400, "unknown field 'false_alarm'");
        refused("/actions/alerts/a-1/ack", "{\"severity\":\"low\"}", 400, "unknown field 'severity'");
        refused("/actions/alerts/a-1/resolve", "{\"false_alarm\":\"yes\"}", 400, "false_alarm must be true or false");
        refused("/actions/alerts/a-1/ack", "{\"note\":42}", 400, "note must be text");
        refused("/actions/alerts/a-1/ack", "[]", 400, "must be a JSON object");
        refused("/actions/alerts/a-1/ack", "{\"note\":\"" + "x".repeat(ActionRequest.MAX_TEXT + 1) + "\"}", 400, "longer than 2000");
        refused("/actions/alerts/" + "x".repeat(ActionRequest.MAX_ID + 1) + "/ack", "{}", 400, "is not a valid alert id");
        refused("/actions/zones/z/delete", "{}", 404, "no action at /actions/zones/z/delete");
    }

    @Test
    void aSilenceWithinTheCapsIsAccepted() {
        assertThat(ActionRequest.parse("/actions/silences", json("{\"zone\":\"park\",\"type\":\"gunshot\",\"starts_at\":\"2026-01-01T10:00:00Z\","
                + "\"ends_at\":\"2026-01-31T10:00:00Z\",\"reason\":\"fireworks\"}")))
                .isEqualTo(new ActionRequest.NewSilence("park", AlertType.GUNSHOT, Instant.parse("2026-01-01T10:00:00Z"),
                        Instant.parse("2026-01-31T10:00:00Z"), "fireworks"));
        assertThat(ActionRequest.parse("/actions/silences", json("{\"zone\":\"park\",\"starts_at\":\"2026-01-01T10:00:00Z\","
                + "\"ends_at\":\"2026-01-01T12:00:00Z\",\"reason\":\"fair\"}"))).extracting("type").isNull();
    }

    @Test
    void aSilenceBeyondTheCapsOrMalformedIsRefused() {
        String tail = ",\"reason\":\"r\",\"zone\":\"park\"}";
        refused("/actions/silences", "{\"starts_at\":\"2026-01-01T10:00:00Z\",\"ends_at\":\"2126-01-01T10:00:00Z\"" + tail, 400, "at most 30d");
        refused("/actions/silences", "{\"starts_at\":\"2026-01-01T10:00:00Z\",\"ends_at\":\"2026-01-31T10:00:01Z\"" + tail, 400, "at most 30d");
        refused("/actions/silences", "{\"starts_at\":\"2026-01-02T10:00:00Z\",\"ends_at\":\"2026-01-01T10:00:00Z\"" + tail, 400, "ends after it starts");
        refused("/actions/silences", "{\"ends_at\":\"2026-01-01T10:00:00Z\"" + tail, 400, "starts_at is required");
        refused("/actions/silences", "{\"starts_at\":\"tomorrow\",\"ends_at\":\"2026-01-01T10:00:00Z\"" + tail, 400, "'tomorrow' is not an ISO-8601 instant");
        refused("/actions/silences", "{\"type\":\"gunshoot\",\"starts_at\":\"2026-01-01T10:00:00Z\",\"ends_at\":\"2026-01-01T11:00:00Z\"" + tail,
                400, "unknown alert type 'gunshoot'");
        refused("/actions/silences", "{\"zone\":\"park\",\"starts_at\":\"2026-01-01T10:00:00Z\",\"ends_at\":\"2026-01-01T11:00:00Z\"}", 400,
                "reason is required");
        refused("/actions/silences", "{\"created_by\":\"bob\",\"starts_at\":\"2026-01-01T10:00:00Z\",\"ends_at\":\"2026-01-01T11:00:00Z\"" + tail,
                400, "unknown field 'created_by'");
    }

    @Test
    void aSilenceIsEndedByItsId() {
        java.util.UUID id = java.util.UUID.randomUUID();
        assertThat(ActionRequest.parse("/actions/silences/" + id + "/expire", json("{}"))).isEqualTo(new ActionRequest.ExpireSilence(id));
        refused("/actions/silences/not-an-id/expire", "{}", 400, "'not-an-id' is not a silence id");
        refused("/actions/silences/" + id + "/expire", "{\"ends_at\":\"2126-01-01T00:00:00Z\"}", 400, "unknown field 'ends_at'");
    }

    @Test
    void aClaimedActorIsAcceptedButOnlyEverRecordedAsUnauthenticated() {
        JsonNode body = json("{\"note\":\"n\",\"actor\":\"mallory\"}");
        assertThat(ActionRequest.parse("/actions/alerts/a-1/comment", body)).isEqualTo(ActionRequest.OnAlert.plain("a-1", ActionKind.COMMENT, "n"));
        assertThat(ActionRequest.claimedActor(body)).isEqualTo("mallory (unauthenticated)");
        assertThat(ActionRequest.claimedActor(json("{}"))).isEqualTo("unknown (unauthenticated)");
    }

    @Test
    void basicCredentialsAreParsedAndMalformedOnesRefusedAs401() {
        Credentials alice = new Credentials("alice", "pa:ss word");
        assertThat(Credentials.parseBasic(alice.header())).isEqualTo(alice);
        assertThat(alice.toString()).doesNotContain("pa:ss");
        for (String header : new String[]{null, "", "Bearer abc", "Basic !!!", "Basic " + java.util.Base64.getEncoder().encodeToString("alice".getBytes()),
                "Basic " + java.util.Base64.getEncoder().encodeToString("alice:".getBytes())}) {
            assertThatThrownBy(() -> Credentials.parseBasic(header)).as(String.valueOf(header))
                    .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.status()).isEqualTo(401));
        }
    }
}
