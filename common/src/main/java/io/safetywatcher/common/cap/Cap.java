package io.safetywatcher.common.cap;

import io.safetywatcher.common.codec.AlertCodec;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;

/**
 * An alert event as an OASIS CAP 1.2 {@code alert} document: pure and deterministic, so a
 * replayed batch publishes the same bytes and every message of an alert can name the first
 * one without looking anything up.
 * <ul>
 * <li>FIRING is {@code Alert}; UPDATED is {@code Update}; RESOLVED is an {@code Update} with
 * responseType {@code AllClear}, urgency {@code Past} and {@code expires} at the end. Not
 * {@code Cancel}: CAP's Cancel withdraws the earlier message as if it were wrong, and a
 * resolved incident was real.</li>
 * <li>Update messages reference the FIRING message ({@code sender,identifier,sent}) and all
 * messages of an alert share {@code incidents} = the alert id.</li>
 * <li>The FIRING message is dated when the condition began ({@code startedAt}), since that
 * is what every later event still carries; {@code effective} says when the alert was raised
 * ({@code updatedAt}). Later messages are dated by their event ({@code updatedAt}); {@code onset}
 * is always the start.</li>
 * </ul>
 */
public final class Cap {
    public static final String NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2";
    /** The media type of a CAP document. */
    public static final String MEDIA_TYPE = "application/cap+xml";
    /** CAP's dateTime: offset always written (+00:00, never Z), no fractional seconds. */
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** CAP advises a headline under 160 characters, for text pagers. */
    static final int HEADLINE_MAX = 160;
    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

    private Cap() {}

    /** The CAP document of {@code a}, UTF-8. */
    public static byte[] toXml(Alert a, CapArea area, CapSettings s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        try {
            XMLStreamWriter w = XML.createXMLStreamWriter(out, "UTF-8");
            Doc d = new Doc(w);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.setDefaultNamespace(NAMESPACE);
            w.writeStartElement(NAMESPACE, "alert");
            w.writeDefaultNamespace(NAMESPACE);
            d.depth++;
            d.text("identifier", identifier(a));
            d.text("sender", s.sender());
            d.text("sent", format(sent(a)));
            d.text("status", s.status());
            d.text("msgType", a.state() == AlertState.FIRING ? "Alert" : "Update");
            d.text("source", "safety-watcher rules " + a.ruleVersion());
            d.text("scope", s.scope());
            if (s.scope().equals("Restricted")) {
                d.text("restriction", s.restriction());
            }
            if (s.status().equals("Exercise")) {
                d.text("note", "Safety Watcher exercise (cap.status=Exercise): not for action");
            }
            if (a.state() != AlertState.FIRING) {
                d.text("references", reference(a, s));
            }
            d.text("incidents", a.id());
            info(d, a, area, s);
            d.depth--;
            d.indent();
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing a CAP document to memory failed", e);
        }
        return out.toByteArray();
    }

    private static void info(Doc d, Alert a, CapArea area, CapSettings s) throws XMLStreamException {
        CapTable.Row row = CapTable.row(a.type());
        d.open("info");
        d.text("language", s.language());
        d.text("category", row.category());
        d.text("event", row.event());
        if (a.state() == AlertState.RESOLVED) {
            d.text("responseType", "AllClear");
        }
        d.text("urgency", CapTable.urgency(a.type(), a.state()));
        d.text("severity", CapTable.severity(a.severity()));
        d.text("certainty", row.certainty());
        d.open("eventCode");
        d.text("valueName", "safety-watcher:type");
        d.text("value", a.type().id());
        d.close();
        d.text("effective", format(a.updatedAt()));
        d.text("onset", format(a.startedAt()));
        if (a.endedAt() != null) {
            d.text("expires", format(a.endedAt()));
        }
        d.text("senderName", s.senderName());
        d.text("headline", headline(a, row));
        d.text("description", a.summary());
        parameter(d, "alertId", a.id());
        parameter(d, "fingerprint", a.fingerprint());
        parameter(d, "state", a.state().name());
        parameter(d, "severity", a.severity().id());
        parameter(d, "score", Double.toString(a.score()));
        parameter(d, "zone", a.zone());
        if (!a.devices().isEmpty()) {
            parameter(d, "devices", String.join(" ", a.devices()));
        }
        for (String ref : a.evidence()) {
            if (!isFrame(ref)) {
                parameter(d, "evidence", ref);
            }
        }
        for (String ref : a.evidence()) {
            if (isFrame(ref)) {
                d.open("resource");
                d.text("resourceDesc", "evidence frame " + ref.substring("frame:".length()));
                d.text("mimeType", "image/jpeg");
                if (!s.evidenceUrl().isEmpty()) {
                    d.text("uri", s.evidenceUrl() + URLEncoder.encode(a.id(), StandardCharsets.UTF_8) + "?ref="
                            + URLEncoder.encode(ref, StandardCharsets.UTF_8));
                }
                d.close();
            }
        }
        d.open("area");
        d.text("areaDesc", area.desc());
        if (area.polygon() != null) {
            d.text("polygon", area.polygon());
        }
        if (area.hasCircle()) {
            d.text("circle", area.circle());
        }
        d.close();
        d.close();
    }

    private static void parameter(Doc d, String name, String value) throws XMLStreamException {
        d.open("parameter");
        d.text("valueName", name);
        d.text("value", value);
        d.close();
    }

    /** Evidence frames are JPEGs in {@code evidence_frames}; other references (readings, quarantine) are parameters. */
    private static boolean isFrame(String ref) { return ref.startsWith("frame:"); }

    private static String headline(Alert a, CapTable.Row row) {
        String h = (a.state() == AlertState.RESOLVED ? "Resolved: " : "") + row.event() + " in " + a.zone() + ": " + a.summary();
        return h.length() <= HEADLINE_MAX ? h : h.substring(0, HEADLINE_MAX - 1) + "…";
    }

    /**
     * The message's identifier: the FIRING message's is the alert id's, later ones add the
     * state, the event time and a digest of the event, so two events of one alert never share
     * one and a replay of the same event gets the same.
     */
    public static String identifier(Alert a) {
        if (a.state() == AlertState.FIRING) {
            return firstIdentifier(a);
        }
        return "sw-" + a.id() + "-" + a.state().name().toLowerCase(Locale.ROOT) + "-" + a.updatedAt().toEpochMilli() + "-" + digest(a);
    }

    /** The identifier of the alert's FIRING message, from any of its events. */
    public static String firstIdentifier(Alert a) { return "sw-" + a.id() + "-firing"; }

    /** When the message is dated: the FIRING one by the alert's start, later ones by their event. */
    public static Instant sent(Alert a) {
        return (a.state() == AlertState.FIRING ? a.startedAt() : a.updatedAt()).truncatedTo(ChronoUnit.SECONDS);
    }

    /** CAP {@code references}: the FIRING message's {@code sender,identifier,sent}. */
    public static String reference(Alert a, CapSettings s) {
        return s.sender() + "," + firstIdentifier(a) + "," + format(a.startedAt());
    }

    /** CAP's dateTime, e.g. {@code 2024-05-01T12:00:00+00:00}. */
    public static String format(Instant t) { return DATE_TIME.format(t.truncatedTo(ChronoUnit.SECONDS)); }

    private static String digest(Alert a) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(AlertCodec.encode(a));
            return HexFormat.of().formatHex(h, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Indented writing, with text made fit for XML 1.0 (control characters would make the document unreadable). */
    private static final class Doc {
        private final XMLStreamWriter w;
        int depth;

        Doc(XMLStreamWriter w) { this.w = w; }

        void indent() throws XMLStreamException { w.writeCharacters("\n" + "  ".repeat(depth)); }

        void open(String name) throws XMLStreamException {
            indent();
            w.writeStartElement(NAMESPACE, name);
            depth++;
        }

        void close() throws XMLStreamException {
            depth--;
            indent();
            w.writeEndElement();
        }

        void text(String name, String value) throws XMLStreamException {
            indent();
            w.writeStartElement(NAMESPACE, name);
            w.writeCharacters(xmlSafe(value));
            w.writeEndElement();
        }
    }

    /** Characters XML 1.0 cannot carry (controls, lone surrogates) become U+FFFD. */
    static String xmlSafe(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok;
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                if (b != null) {
                    b.append(c).append(s.charAt(i + 1));
                }
                i++;
                continue;
            }
            ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
            if (!ok && b == null) {
                b = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (b != null) {
                b.append(ok ? c : '\uFFFD');
            }
        }
        return b == null ? s : b.toString();
    }
}
