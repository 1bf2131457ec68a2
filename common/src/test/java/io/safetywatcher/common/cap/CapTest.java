package io.safetywatcher.common.cap;

import io.safetywatcher.common.config.ConfigException;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Alert events as CAP 1.2 documents: every required element, the value lists, the order, the dates, the chain. */
class CapTest {
    static final CapSettings SETTINGS = CapSettings.of(WatcherConfig.defaults());
    static final Instant START = Instant.parse("2026-05-01T12:00:00.250Z");

    static Alert alert(AlertType type, Severity severity, AlertState state, Instant updatedAt, String summary) {
        return new Alert("7f0c1e2a-0000-3000-8000-00000000000" + type.ordinal() % 10, type.id() + "|plaza|cams", type, severity, state,
                "plaza", List.of("cam-1", "mic-2"), START, updatedAt, state == AlertState.RESOLVED ? updatedAt : null, 0.87,
                summary, List.of("frame:cam-1@2026-05-01T12:00:01Z", "reading:mic-2@2026-05-01T12:00:00Z"), "rules-3");
    }

    /** An incident as the lifecycle publishes it: fired a little after the start, updated twice, resolved. */
    static List<Alert> incident(AlertType type) {
        return List.of(
                alert(type, Severity.HIGH, AlertState.FIRING, START.plusSeconds(5), "fired"),
                alert(type, Severity.MEDIUM, AlertState.UPDATED, START.plusSeconds(40), "lower"),
                alert(type, Severity.CRITICAL, AlertState.UPDATED, START.plusSeconds(40), "higher, same instant"),
                alert(type, Severity.CRITICAL, AlertState.RESOLVED, START.plusSeconds(90), "over"));
    }

    static Stream<Arguments> everyTypeAndState() {
        return Arrays.stream(AlertType.values()).flatMap(t -> incident(t).stream().map(a -> Arguments.of(t, a.state(), a)));
    }

    static Element root(byte[] xml) { return CapMessage.parse(xml).document().getDocumentElement(); }

    static String text(Element parent, String name) {
        Element e = CapMessage.child(parent, name);
        return e == null ? null : e.getTextContent();
    }

    static List<Element> all(Element parent, String name) {
        return CapSpec.children(parent).stream().filter(e -> e.getLocalName().equals(name)).toList();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyTypeAndState")
    void everyRequiredElementInSchemaOrderWithValuesFromTheLists(AlertType type, AlertState state, Alert a) {
        Element alert = root(Cap.toXml(a, CapArea.of("plaza"), SETTINGS));
        assertThat(alert.getLocalName()).isEqualTo("alert");
        CapSpec.check(alert, CapSpec.ALERT);
        assertThat(text(alert, "identifier")).matches(CapSpec.NO_RESTRICTED);
        assertThat(text(alert, "sender")).matches(CapSpec.NO_RESTRICTED).isEqualTo("safety-watcher@localhost");
        assertThat(text(alert, "sent")).matches(CapSpec.DATE_TIME);
        assertThat(CapSpec.STATUS).contains(text(alert, "status"));
        assertThat(CapSpec.MSG_TYPE).contains(text(alert, "msgType"));
        assertThat(text(alert, "msgType")).isEqualTo(state == AlertState.FIRING ? "Alert" : "Update");
        assertThat(CapSpec.SCOPE).contains(text(alert, "scope"));
        // Restricted needs its restriction; Update/Cancel reference what they update.
        assertThat(text(alert, "restriction")).isNotBlank();
        if (state == AlertState.FIRING) {
            assertThat(text(alert, "references")).isNull();
        } else {
            assertThat(text(alert, "references")).isNotBlank();
        }
        assertThat(text(alert, "incidents")).isEqualTo(a.id());

        List<Element> infos = all(alert, "info");
        assertThat(infos).hasSize(1);
        Element info = infos.get(0);
        CapSpec.check(info, CapSpec.INFO);
        assertThat(CapSpec.CATEGORY).contains(text(info, "category"));
        assertThat(CapSpec.URGENCY).contains(text(info, "urgency"));
        assertThat(CapSpec.SEVERITY).contains(text(info, "severity"));
        assertThat(CapSpec.CERTAINTY).contains(text(info, "certainty"));
        all(info, "responseType").forEach(r -> assertThat(CapSpec.RESPONSE_TYPE).contains(r.getTextContent()));
        assertThat(text(info, "category")).isEqualTo(CapTable.row(type).category());
        assertThat(text(info, "event")).isEqualTo(CapTable.row(type).event());
        assertThat(text(info, "severity")).isEqualTo(CapTable.severity(a.severity()));
        assertThat(text(info, "language")).isEqualTo("en-US");
        for (String date : List.of("effective", "onset", "expires")) {
            if (text(info, date) != null) {
                assertThat(text(info, date)).as(date).matches(CapSpec.DATE_TIME);
            }
        }
        assertThat(text(info, "expires") != null).isEqualTo(state == AlertState.RESOLVED);
        assertThat(text(info, "headline").length()).isLessThanOrEqualTo(160);
        assertThat(text(info, "description")).isEqualTo(a.summary());
        all(info, "eventCode").forEach(e -> CapSpec.check(e, CapSpec.NAMED_VALUE));
        all(info, "parameter").forEach(e -> CapSpec.check(e, CapSpec.NAMED_VALUE));
        all(info, "resource").forEach(e -> CapSpec.check(e, CapSpec.RESOURCE));
        List<Element> areas = all(info, "area");
        assertThat(areas).hasSize(1);
        CapSpec.check(areas.get(0), CapSpec.AREA);
        assertThat(text(areas.get(0), "areaDesc")).isEqualTo("plaza");
        assertThat(CapMessage.child(areas.get(0), "circle")).isNull();
        assertThat(CapMessage.child(areas.get(0), "polygon")).isNull();
    }

    @Test
    void parametersCarryTheAlertIdFingerprintScoreAndZoneAndTheFrameIsAJpegResource() {
        Alert a = incident(AlertType.FIGHT).get(0);
        Element info = CapMessage.child(root(Cap.toXml(a, CapArea.of("plaza"), SETTINGS)), "info");
        List<String> pairs = new ArrayList<>();
        for (Element p : all(info, "parameter")) {
            pairs.add(text(p, "valueName") + "=" + text(p, "value"));
        }
        assertThat(pairs).contains("alertId=" + a.id(), "fingerprint=fight|plaza|cams", "score=0.87", "zone=plaza", "state=FIRING",
                "severity=high", "devices=cam-1 mic-2", "evidence=reading:mic-2@2026-05-01T12:00:00Z");
        List<Element> resources = all(info, "resource");
        assertThat(resources).hasSize(1);
        assertThat(text(resources.get(0), "mimeType")).isEqualTo("image/jpeg");
        assertThat(text(resources.get(0), "resourceDesc")).contains("cam-1@2026-05-01T12:00:01Z");
        assertThat(text(resources.get(0), "uri")).as("nothing serves evidence by default").isNull();
        assertThat(text(CapMessage.child(info, "eventCode"), "value")).isEqualTo("fight");
    }

    @Test
    void anEvidenceUrlGivesTheResourceAUri() {
        CapSettings s = new CapSettings("sw@example.org", "SW", "Actual", "Public", "", "de-DE", "https://desk.example.org/evidence/");
        Alert a = incident(AlertType.FIGHT).get(0);
        Element alert = root(Cap.toXml(a, CapArea.of("plaza"), s));
        Element info = CapMessage.child(alert, "info");
        assertThat(text(CapMessage.child(info, "resource"), "uri"))
                .isEqualTo("https://desk.example.org/evidence/" + a.id() + "?ref=frame%3Acam-1%402026-05-01T12%3A00%3A01Z");
        assertThat(text(alert, "scope")).isEqualTo("Public");
        assertThat(CapMessage.child(alert, "restriction")).as("Public has no restriction").isNull();
        assertThat(text(info, "language")).isEqualTo("de-DE");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void updatesReferenceTheFiringMessageAndIdentifiersAreUniqueAcrossTheIncident(AlertType type) {
        List<CapMessage> messages = incident(type).stream().map(a -> CapMessage.parse(Cap.toXml(a, CapArea.of("plaza"), SETTINGS))).toList();
        CapMessage first = messages.get(0);
        assertThat(first.msgType()).isEqualTo("Alert");
        String expected = first.sender() + "," + first.identifier() + "," + text(first.document().getDocumentElement(), "sent");
        for (CapMessage m : messages.subList(1, messages.size())) {
            assertThat(m.msgType()).isEqualTo("Update");
            assertThat(text(m.document().getDocumentElement(), "references")).isEqualTo(expected);
        }
        assertThat(messages.stream().map(CapMessage::identifier).distinct()).hasSize(messages.size());
    }

    static Stream<AlertType> types() { return Arrays.stream(AlertType.values()); }

    @Test
    void datesAreCapDateTimesWithOffsetAndWholeSeconds() {
        List<Alert> inc = incident(AlertType.GUNSHOT);
        Element firing = root(Cap.toXml(inc.get(0), CapArea.of("plaza"), SETTINGS));
        // The FIRING message is dated by the alert's start; effective says when it was raised.
        assertThat(text(firing, "sent")).isEqualTo("2026-05-01T12:00:00+00:00");
        Element info = CapMessage.child(firing, "info");
        assertThat(text(info, "effective")).isEqualTo("2026-05-01T12:00:05+00:00");
        assertThat(text(info, "onset")).isEqualTo("2026-05-01T12:00:00+00:00");
        Element resolved = root(Cap.toXml(inc.get(3), CapArea.of("plaza"), SETTINGS));
        assertThat(text(resolved, "sent")).isEqualTo("2026-05-01T12:01:30+00:00");
        Element rinfo = CapMessage.child(resolved, "info");
        assertThat(text(rinfo, "expires")).isEqualTo("2026-05-01T12:01:30+00:00");
        assertThat(text(rinfo, "responseType")).isEqualTo("AllClear");
        assertThat(text(rinfo, "urgency")).isEqualTo("Past");
        assertThat(text(rinfo, "headline")).startsWith("Resolved: Gunshot in plaza");
    }

    @Test
    void theSameEventGivesTheSameBytes() {
        Alert a = incident(AlertType.CROWD_SURGE).get(1);
        assertThat(Cap.toXml(a, CapArea.of("plaza"), SETTINGS)).isEqualTo(Cap.toXml(a, CapArea.of("plaza"), SETTINGS));
        assertThat(new String(Cap.toXml(a, CapArea.of("plaza"), SETTINGS), StandardCharsets.UTF_8))
                .startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">");
    }

    @Test
    void anAreaWithCoordinatesGetsItsPolygonThenItsCircle() {
        CapArea area = new CapArea("Central plaza", 52.52, 13.405, 0.15,
                "52.5200,13.4040 52.5210,13.4040 52.5210,13.4060 52.5200,13.4060 52.5200,13.4040");
        Element info = CapMessage.child(root(Cap.toXml(incident(AlertType.INTRUSION).get(0), area, SETTINGS)), "info");
        Element a = CapMessage.child(info, "area");
        CapSpec.check(a, CapSpec.AREA);
        assertThat(text(a, "areaDesc")).isEqualTo("Central plaza");
        assertThat(text(a, "polygon")).isEqualTo("52.5200,13.4040 52.5210,13.4040 52.5210,13.4060 52.5200,13.4060 52.5200,13.4040");
        assertThat(text(a, "circle")).isEqualTo("52.52,13.405 0.15");
    }

    @Test
    void aCircleFromTheZonesArea() {
        // A disc of pi km² has a radius of 1 km.
        assertThat(CapArea.around("z", -33.5, 151.25, Math.PI * 1_000_000).circle()).isEqualTo("-33.5,151.25 1");
    }

    @Test
    void badAreasAreRefusedSayingWhatIsWrong() {
        assertThatThrownBy(() -> new CapArea(" ", null, null, null, null)).hasMessageContaining("description");
        assertThatThrownBy(() -> new CapArea("z", 1.0, null, 1.0, null)).hasMessageContaining("latitude, longitude and radius together");
        assertThatThrownBy(() -> new CapArea("z", 91.0, 0.0, 1.0, null)).hasMessageContaining("latitude -90..90");
        assertThatThrownBy(() -> new CapArea("z", 0.0, 0.0, -1.0, null)).hasMessageContaining("non-negative");
        assertThatThrownBy(() -> new CapArea("z", null, null, null, "1,1 2,2 3,3")).hasMessageContaining("at least four");
        assertThatThrownBy(() -> new CapArea("z", null, null, null, "1,1 2,2 3,3 4,4")).hasMessageContaining("first repeated");
        assertThatThrownBy(() -> new CapArea("z", null, null, null, "1,1 2,x 3,3 1,1")).hasMessageContaining("'2,x'");
    }

    @Test
    void controlCharactersInASummaryStillMakeAReadableDocument() {
        Alert a = alert(AlertType.NOISE, Severity.LOW, AlertState.FIRING, START, "bell\u0007 & <siren> \uD83D\uDD14 \uD800 end");
        Element info = CapMessage.child(root(Cap.toXml(a, CapArea.of("plaza & <park>"), SETTINGS)), "info");
        assertThat(text(info, "description")).isEqualTo("bell\uFFFD & <siren> \uD83D\uDD14 \uFFFD end");
        assertThat(text(CapMessage.child(info, "area"), "areaDesc")).isEqualTo("plaza & <park>");
    }

    @Test
    void aLongSummaryIsCutInTheHeadlineButNotInTheDescription() {
        String longText = "x".repeat(400);
        Element info = CapMessage.child(root(Cap.toXml(alert(AlertType.FIGHT, Severity.HIGH, AlertState.FIRING, START, longText),
                CapArea.of("plaza"), SETTINGS)), "info");
        assertThat(text(info, "headline")).hasSize(160).endsWith("…");
        assertThat(text(info, "description")).isEqualTo(longText);
    }

    @Test
    void anExerciseSaysSoInItsNote() {
        CapSettings s = CapSettings.of(WatcherConfig.builder().set("cap.status", "Exercise", "test").build());
        Element alert = root(Cap.toXml(incident(AlertType.PANIC).get(0), CapArea.of("plaza"), s));
        assertThat(text(alert, "status")).isEqualTo("Exercise");
        assertThat(text(alert, "note")).contains("exercise");
        CapSpec.check(alert, CapSpec.ALERT);
    }

    @Test
    void badSettingsNameTheKeyAndTheAllowedValues() {
        assertThatThrownBy(() -> CapSettings.of(WatcherConfig.builder().set("cap.status", "Real", "test").build()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cap.status").hasMessageContaining("Actual, Exercise");
        assertThatThrownBy(() -> CapSettings.of(WatcherConfig.builder().set("cap.scope", "Private", "test").build()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("Private needs addresses");
        assertThatThrownBy(() -> CapSettings.of(WatcherConfig.builder().set("cap.sender", "safety watcher", "test").build()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("without spaces");
        assertThatThrownBy(() -> CapSettings.of(WatcherConfig.builder().set("cap.restriction", " ", "test").build()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("Restricted CAP scope needs the restriction");
        assertThatThrownBy(() -> CapSettings.of(WatcherConfig.builder().set("cap.language", "english please", "test").build()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RFC 3066");
    }

    @Test
    void whatIsNotCapIsRefusedByTheParser() {
        assertThatThrownBy(() -> CapMessage.parse("{\"id\":1}".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("not an XML document");
        assertThatThrownBy(() -> CapMessage.parse("<alert/>".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("not a CAP 1.2 alert");
        assertThatThrownBy(() -> CapMessage.parse(("<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">&x;</alert>").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("DOCTYPE");
    }
}
