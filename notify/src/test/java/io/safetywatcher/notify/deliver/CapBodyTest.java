package io.safetywatcher.notify.deliver;

import io.safetywatcher.common.cap.Cap;
import io.safetywatcher.common.cap.CapSettings;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;
import io.safetywatcher.notify.group.AlertEvent;
import io.safetywatcher.notify.group.Notification;
import io.safetywatcher.store.registry.Registry;
import io.safetywatcher.store.registry.Zone;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The cap body: one Atom feed carrying each event's CAP message, byte for byte what the alert job publishes. */
class CapBodyTest {
    static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    static final CapSettings SETTINGS = new CapSettings("sw@example.org", "Safety Watcher", "Exercise", "Restricted", "desks", "en-US", "");
    static final Registry REGISTRY = Registry.of(List.of(new Zone("old-market", "Old Market square", "market", 2500.0, null,
            "Europe/London", 3, 3000, 51.505, -0.095, null, null)), List.of(), 0);

    static Alert alert(AlertState state, int seconds) {
        return new Alert("a-1", "gunshot@old-market/snd-1", AlertType.GUNSHOT, Severity.CRITICAL, state, "old-market", List.of("snd-1"),
                T0, T0.plusSeconds(seconds), state == AlertState.RESOLVED ? T0.plusSeconds(seconds) : null, 0.97, "gunshot", List.of(), "r1");
    }

    @Test
    void aNotificationOfTwoEventsIsAFeedOfTheirTwoCapMessages() throws Exception {
        Notification n = new Notification("dispatch/zone=old-market", null, "zone=old-market",
                List.of(new AlertEvent(alert(AlertState.FIRING, 0), 0, 10), new AlertEvent(alert(AlertState.RESOLVED, 40), 0, 11)), false);
        CapBody body = new CapBody(SETTINGS, () -> REGISTRY);
        assertThat(body.contentType()).isEqualTo("application/atom+xml");
        UUID id = UUID.randomUUID();
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document feed = f.newDocumentBuilder().parse(new ByteArrayInputStream(body.render("dispatch", id, n)));
        Element root = feed.getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo(CapBody.ATOM);
        assertThat(root.getLocalName()).isEqualTo("feed");
        assertThat(root.getElementsByTagNameNS(CapBody.ATOM, "id").item(0).getTextContent()).isEqualTo("urn:uuid:" + id);
        NodeList alerts = root.getElementsByTagNameNS(Cap.NAMESPACE, "alert");
        assertThat(alerts.getLength()).isEqualTo(2);
        NodeList contents = root.getElementsByTagNameNS(CapBody.ATOM, "content");
        assertThat(((Element) contents.item(0)).getAttribute("type")).isEqualTo(Cap.MEDIA_TYPE);
        // Each inline message is the document the alert job publishes on the CAP topic, with the registry's area.
        for (int i = 0; i < 2; i++) {
            Alert a = n.events().get(i).alert();
            Document published = f.newDocumentBuilder().parse(new ByteArrayInputStream(Cap.toXml(a, REGISTRY.capArea(a.zone()), SETTINGS)));
            assertThat(canonical((Element) alerts.item(i))).isEqualTo(canonical(published.getDocumentElement()));
        }
        Element second = (Element) alerts.item(1);
        assertThat(second.getElementsByTagNameNS(Cap.NAMESPACE, "msgType").item(0).getTextContent()).isEqualTo("Update");
        assertThat(second.getElementsByTagNameNS(Cap.NAMESPACE, "references").item(0).getTextContent())
                .startsWith("sw@example.org," + Cap.firstIdentifier(n.events().get(0).alert()) + ",");
        assertThat(((Element) alerts.item(0)).getElementsByTagNameNS(Cap.NAMESPACE, "circle").item(0).getTextContent())
                .startsWith("51.505,-0.095 ");
    }

    private static String canonical(Element e) throws Exception {
        var t = javax.xml.transform.TransformerFactory.newInstance().newTransformer();
        t.setOutputProperty(javax.xml.transform.OutputKeys.OMIT_XML_DECLARATION, "yes");
        StringWriter w = new StringWriter();
        t.transform(new javax.xml.transform.dom.DOMSource(e), new javax.xml.transform.stream.StreamResult(w));
        return w.toString().replaceAll(">\\s+<", "><").replace(" xmlns=\"" + Cap.NAMESPACE + "\"", "");
    }
}
