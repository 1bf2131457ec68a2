package io.safetywatcher.notify.deliver;

import io.safetywatcher.common.cap.Cap;
import io.safetywatcher.common.cap.CapSettings;
import io.safetywatcher.notify.group.AlertEvent;
import io.safetywatcher.notify.group.Notification;
import io.safetywatcher.store.registry.Registry;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The {@code cap} body: the notification's alert events as CAP 1.2 messages, byte for byte the
 * documents the alert job publishes on the CAP topic (the same mapper, settings and registry
 * area), carried in one Atom feed (RFC 4287) with each message inline as an entry's
 * {@code application/cap+xml} content, the way CAP hubs exchange several messages. A feed, not a
 * bare {@code <alert>}, because a notification may carry several events (an alert's FIRING and
 * RESOLVED after an outage) and CAP has no container of its own; a one-event notification is a
 * one-entry feed, so a receiver parses one shape.
 */
public final class CapBody implements Body {
    static final String ATOM = "http://www.w3.org/2005/Atom";
    private final CapSettings settings;
    private final Supplier<Registry> registry;

    public CapBody(CapSettings settings, Supplier<Registry> registry) {
        this.settings = settings;
        this.registry = registry;
    }

    @Override
    public String contentType() { return "application/atom+xml"; }

    @Override
    public byte[] render(String receiver, UUID notificationId, Notification n) {
        try {
            DocumentBuilder builder = parser();
            Document feed = builder.newDocument();
            Element root = feed.createElementNS(ATOM, "feed");
            feed.appendChild(root);
            text(feed, root, "id", "urn:uuid:" + notificationId);
            text(feed, root, "title", "Safety Watcher alerts for " + receiver + " (CAP 1.2): " + n.groupKey());
            Instant newest = n.events().stream().map(e -> e.alert().updatedAt()).max(Instant::compareTo).orElse(Instant.EPOCH);
            text(feed, root, "updated", Cap.format(newest));
            Element author = feed.createElementNS(ATOM, "author");
            text(feed, author, "name", settings.senderName());
            root.appendChild(author);
            Registry r = registry.get();
            for (AlertEvent e : n.events()) {
                byte[] cap = Cap.toXml(e.alert(), r.capArea(e.alert().zone()), settings);
                Element entry = feed.createElementNS(ATOM, "entry");
                text(feed, entry, "id", "urn:cap:" + settings.sender() + ":" + Cap.identifier(e.alert()));
                text(feed, entry, "title", e.alert().state() + " " + e.alert().severity().id() + " " + e.alert().type().id() + " in "
                        + e.alert().zone());
                text(feed, entry, "updated", Cap.format(e.alert().updatedAt()));
                Element content = feed.createElementNS(ATOM, "content");
                content.setAttribute("type", Cap.MEDIA_TYPE);
                content.appendChild(feed.importNode(builder.parse(new ByteArrayInputStream(cap)).getDocumentElement(), true));
                entry.appendChild(content);
                root.appendChild(entry);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.transform(new DOMSource(feed), new StreamResult(out));
            return out.toByteArray();
        } catch (ParserConfigurationException | TransformerException | org.xml.sax.SAXException | IOException ex) {
            throw new IllegalStateException("cannot render the CAP body of notification " + notificationId + ": " + ex.getMessage(), ex);
        }
    }

    private static DocumentBuilder parser() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true); // our own documents never have one
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        return f.newDocumentBuilder();
    }

    private static void text(Document d, Element parent, String name, String value) {
        Element e = d.createElementNS(ATOM, name);
        e.setTextContent(value);
        parent.appendChild(e);
    }
}
