package io.safetywatcher.console;

import io.safetywatcher.common.cap.Cap;
import io.safetywatcher.common.cap.CapMessage;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * CAP messages as an Atom (RFC 4287) feed, as alert hubs serve them: one entry per message,
 * newest first, each linking to its CAP document ({@code /cap/<identifier>.xml}).
 */
final class AtomFeed {
    static final String NAMESPACE = "http://www.w3.org/2005/Atom";
    static final String MEDIA_TYPE = "application/atom+xml";
    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

    private AtomFeed() {}

    /** {@code base}: where this service is reached, e.g. {@code http://127.0.0.1:9480}; {@code now}: the date of an empty feed. */
    static byte[] render(List<CapMessage> messages, URI base, Instant now) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024 + 512 * messages.size());
        try {
            XMLStreamWriter w = XML.createXMLStreamWriter(out, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.setDefaultNamespace(NAMESPACE);
            w.writeStartElement(NAMESPACE, "feed");
            w.writeDefaultNamespace(NAMESPACE);
            String self = base + "/cap/feed.atom";
            text(w, 1, "id", self);
            text(w, 1, "title", "Safety Watcher alerts (CAP 1.2)");
            text(w, 1, "updated", date(messages.isEmpty() ? now : messages.get(0).sent().toInstant()));
            link(w, 1, "self", MEDIA_TYPE, self);
            w.writeCharacters("\n  ");
            w.writeStartElement(NAMESPACE, "author");
            text(w, 2, "name", "Safety Watcher");
            w.writeCharacters("\n  ");
            w.writeEndElement();
            for (CapMessage m : messages) {
                w.writeCharacters("\n  ");
                w.writeStartElement(NAMESPACE, "entry");
                String doc = base + "/cap/" + pathSegment(m.identifier()) + ".xml";
                text(w, 2, "id", doc);
                text(w, 2, "title", m.headline() == null ? m.msgType() + " " + m.identifier() : m.headline());
                text(w, 2, "updated", date(m.sent().toInstant()));
                w.writeCharacters("\n    ");
                w.writeStartElement(NAMESPACE, "author");
                text(w, 3, "name", m.sender());
                w.writeCharacters("\n    ");
                w.writeEndElement();
                text(w, 2, "summary", m.msgType() + " (" + m.status() + ")" + (m.event() == null ? "" : ": " + m.event()));
                link(w, 2, "alternate", Cap.MEDIA_TYPE, doc);
                w.writeCharacters("\n  ");
                w.writeEndElement();
            }
            w.writeCharacters("\n");
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing the Atom feed to memory failed", e);
        }
        return out.toByteArray();
    }

    /** RFC 3339, as Atom wants it: whole seconds, UTC. */
    static String date(Instant t) { return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)); }

    private static void text(XMLStreamWriter w, int depth, String name, String value) throws XMLStreamException {
        w.writeCharacters("\n" + "  ".repeat(depth));
        w.writeStartElement(NAMESPACE, name);
        w.writeCharacters(value);
        w.writeEndElement();
    }

    private static void link(XMLStreamWriter w, int depth, String rel, String type, String href) throws XMLStreamException {
        w.writeCharacters("\n" + "  ".repeat(depth));
        w.writeEmptyElement(NAMESPACE, "link");
        w.writeAttribute("rel", rel);
        w.writeAttribute("type", type);
        w.writeAttribute("href", href);
    }

    /** Percent-encodes all but RFC 3986's unreserved characters, so any identifier is one path segment. */
    static String pathSegment(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
                b.append(c);
            } else {
                b.append('%').append(String.format("%02X", x & 0xff));
            }
        }
        return b.toString();
    }
}
