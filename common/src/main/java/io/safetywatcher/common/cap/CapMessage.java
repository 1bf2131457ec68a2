package io.safetywatcher.common.cap;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * What a reader of CAP documents (the console's feed, a test) needs of one: its identity,
 * its date, its kind, what it references (null for none) and its first info's event and
 * headline, with the document's bytes as published.
 */
public record CapMessage(String identifier, String sender, OffsetDateTime sent, String status, String msgType, String references,
                         String event, String headline, Document document, byte[] xml) {

    /** Parses a CAP 1.2 document; {@link IllegalArgumentException} saying what is wrong when it is not one. */
    public static CapMessage parse(byte[] xml) {
        Document doc;
        try {
            doc = builder().parse(new ByteArrayInputStream(xml));
        } catch (SAXException | IOException e) {
            throw new IllegalArgumentException("not an XML document: " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        if (!Cap.NAMESPACE.equals(root.getNamespaceURI()) || !"alert".equals(root.getLocalName())) {
            throw new IllegalArgumentException("not a CAP 1.2 alert: the root is {" + root.getNamespaceURI() + "}" + root.getLocalName());
        }
        Element info = child(root, "info");
        String sent = required(root, "sent");
        OffsetDateTime at;
        try {
            at = OffsetDateTime.parse(sent);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("CAP sent '" + sent + "' is not a dateTime", e);
        }
        return new CapMessage(required(root, "identifier"), required(root, "sender"), at, required(root, "status"),
                required(root, "msgType"), text(root, "references"), info == null ? null : text(info, "event"), info == null ? null : text(info, "headline"), doc, xml);
    }

    /** A namespace-aware parser that reads no DTD and no external entity. */
    public static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            // The exception says what is wrong; the default handler would also print it to stderr.
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws SAXException { throw e; }

                @Override
                public void error(org.xml.sax.SAXParseException e) throws SAXException { throw e; }
            });
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first child element of {@code parent} named {@code name} in the CAP namespace, or null. */
    public static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && Cap.NAMESPACE.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent();
    }

    private static String required(Element parent, String name) {
        String t = text(parent, name);
        if (t == null || t.isBlank()) {
            throw new IllegalArgumentException("CAP " + parent.getLocalName() + " has no " + name);
        }
        return t;
    }
}
