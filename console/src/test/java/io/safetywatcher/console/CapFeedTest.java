package io.safetywatcher.console;

import io.safetywatcher.common.cap.Cap;
import io.safetywatcher.common.cap.CapArea;
import io.safetywatcher.common.cap.CapMessage;
import io.safetywatcher.common.cap.CapSettings;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The feed's memory (newest first, bounded, by identifier) and its Atom rendering. */
class CapFeedTest {
    static final CapSettings SETTINGS = CapSettings.of(WatcherConfig.defaults());
    static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

    static CapMessage message(String id, AlertState state, int secondsAfter) {
        Instant at = T0.plusSeconds(secondsAfter);
        Alert a = new Alert(id, "fight|" + id, AlertType.FIGHT, Severity.HIGH, state, "plaza", List.of("cam-1"), state == AlertState.FIRING ? at : T0,
                at, state == AlertState.RESOLVED ? at : null, 0.9, "fight at " + id, List.of(), "r1");
        return CapMessage.parse(Cap.toXml(a, CapArea.of("plaza"), SETTINGS));
    }

    @Test
    void newestFirstBoundedAndFoundByIdentifier() {
        CapFeed feed = new CapFeed(3);
        CapMessage a = message("a", AlertState.FIRING, 0);
        CapMessage b = message("b", AlertState.FIRING, 20);
        CapMessage c = message("c", AlertState.FIRING, 10);
        CapMessage d = message("d", AlertState.FIRING, 30);
        List.of(a, b, c, d).forEach(feed::add);
        assertThat(feed.latest(10)).extracting(CapMessage::identifier).containsExactly(d.identifier(), b.identifier(), c.identifier());
        assertThat(feed.latest(2)).hasSize(2);
        assertThat(feed.get(a.identifier())).as("the oldest went when a fourth came").isEmpty();
        assertThat(feed.get(c.identifier())).get().extracting(CapMessage::xml).isEqualTo(c.xml());
        feed.add(c);
        assertThat(feed.size()).as("the same message read again replaces itself").isEqualTo(3);
    }

    @Test
    void sameSecondTheOneReadLaterFirst() {
        CapFeed feed = new CapFeed(5);
        CapMessage x = message("x", AlertState.FIRING, 5);
        CapMessage y = message("y", AlertState.FIRING, 5);
        feed.add(x);
        feed.add(y);
        assertThat(feed.latest(5)).extracting(CapMessage::identifier).containsExactly(y.identifier(), x.identifier());
    }

    @Test
    void aFeedKeepsAtLeastOne() {
        assertThatThrownBy(() -> new CapFeed(0)).hasMessageContaining("at least one");
    }

    @Test
    void atomEntriesLinkToTheirCapDocuments() throws Exception {
        List<CapMessage> messages = List.of(message("b", AlertState.RESOLVED, 60), message("a", AlertState.FIRING, 0));
        byte[] xml = AtomFeed.render(messages, URI.create("http://desk:9480"), T0);
        var doc = CapMessage.builder().parse(new ByteArrayInputStream(xml));
        Element feed = doc.getDocumentElement();
        assertThat(feed.getNamespaceURI()).isEqualTo(AtomFeed.NAMESPACE);
        assertThat(feed.getLocalName()).isEqualTo("feed");
        assertThat(text(feed, "id")).isEqualTo("http://desk:9480/cap/feed.atom");
        assertThat(text(feed, "updated")).isEqualTo("2026-05-01T12:01:00Z");
        NodeList entries = feed.getElementsByTagNameNS(AtomFeed.NAMESPACE, "entry");
        assertThat(entries.getLength()).isEqualTo(2);
        List<String> links = new ArrayList<>();
        for (int i = 0; i < entries.getLength(); i++) {
            Element e = (Element) entries.item(i);
            Element link = (Element) e.getElementsByTagNameNS(AtomFeed.NAMESPACE, "link").item(0);
            assertThat(link.getAttribute("type")).isEqualTo("application/cap+xml");
            assertThat(link.getAttribute("rel")).isEqualTo("alternate");
            assertThat(text(e, "id")).isEqualTo(link.getAttribute("href"));
            assertThat(text(e, "updated")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            links.add(link.getAttribute("href"));
        }
        assertThat(links).containsExactly("http://desk:9480/cap/" + messages.get(0).identifier() + ".xml",
                "http://desk:9480/cap/" + messages.get(1).identifier() + ".xml");
        assertThat(text((Element) entries.item(0), "title")).startsWith("Resolved: Fight in plaza");
        assertThat(text((Element) entries.item(1), "summary")).isEqualTo("Alert (Actual): Fight");
    }

    @Test
    void anEmptyFeedIsDatedNow() throws Exception {
        byte[] xml = AtomFeed.render(List.of(), URI.create("http://desk:9480"), T0.plusMillis(1500));
        Element feed = CapMessage.builder().parse(new ByteArrayInputStream(xml)).getDocumentElement();
        assertThat(text(feed, "updated")).isEqualTo("2026-05-01T12:00:01Z");
        assertThat(feed.getElementsByTagNameNS(AtomFeed.NAMESPACE, "entry").getLength()).isZero();
    }

    @Test
    void anyIdentifierIsOnePathSegment() {
        assertThat(AtomFeed.pathSegment("sw-1.a_b~c")).isEqualTo("sw-1.a_b~c");
        assertThat(AtomFeed.pathSegment("a/b?c#d é")).isEqualTo("a%2Fb%3Fc%23d%20%C3%A9");
    }

    static String text(Element parent, String name) {
        for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                return e.getTextContent();
            }
        }
        return null;
    }
}
