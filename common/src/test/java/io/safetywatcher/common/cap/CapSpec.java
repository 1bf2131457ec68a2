package io.safetywatcher.common.cap;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the CAP 1.2 standard (OASIS, 1 July 2010, section 3.2 and its schema) requires, written
 * out from the specification as test data: each element's children in schema order, which are
 * required, and the value lists. No official XSD is available offline here.
 */
final class CapSpec {
    private CapSpec() {}

    static final List<String> STATUS = List.of("Actual", "Exercise", "System", "Test", "Draft");
    static final List<String> MSG_TYPE = List.of("Alert", "Update", "Cancel", "Ack", "Error");
    static final List<String> SCOPE = List.of("Public", "Restricted", "Private");
    static final List<String> CATEGORY = List.of("Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env", "Transport",
            "Infra", "CBRNE", "Other");
    static final List<String> RESPONSE_TYPE = List.of("Shelter", "Evacuate", "Prepare", "Execute", "Avoid", "Monitor", "Assess",
            "AllClear", "None");
    static final List<String> URGENCY = List.of("Immediate", "Expected", "Future", "Past", "Unknown");
    static final List<String> SEVERITY = List.of("Extreme", "Severe", "Moderate", "Minor", "Unknown");
    static final List<String> CERTAINTY = List.of("Observed", "Likely", "Possible", "Unlikely", "Unknown");

    /** An element's children in the schema's sequence; {@code required} are minOccurs 1. */
    record Shape(List<String> order, List<String> required) {}

    static final Shape ALERT = new Shape(List.of("identifier", "sender", "sent", "status", "msgType", "source", "scope", "restriction",
            "addresses", "code", "note", "references", "incidents", "info"),
            List.of("identifier", "sender", "sent", "status", "msgType", "scope"));
    static final Shape INFO = new Shape(List.of("language", "category", "event", "responseType", "urgency", "severity", "certainty",
            "audience", "eventCode", "effective", "onset", "expires", "senderName", "headline", "description", "instruction", "web",
            "contact", "parameter", "resource", "area"),
            List.of("category", "event", "urgency", "severity", "certainty"));
    static final Shape NAMED_VALUE = new Shape(List.of("valueName", "value"), List.of("valueName", "value"));
    static final Shape RESOURCE = new Shape(List.of("resourceDesc", "mimeType", "size", "uri", "derefUri", "digest"),
            List.of("resourceDesc", "mimeType"));
    static final Shape AREA = new Shape(List.of("areaDesc", "polygon", "circle", "geocode", "altitude", "ceiling"), List.of("areaDesc"));

    /** CAP's dateTime: offset required, "-00:00" for unknown zones, no "Z", no fractional seconds. */
    static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d");
    /** sender, identifier: no whitespace, comma or the restricted {@code <} {@code &}. */
    static final Pattern NO_RESTRICTED = Pattern.compile("[^\\s,<&]+");

    static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                out.add(c);
            } else if (n.getNodeType() == Node.TEXT_NODE) {
                assertThat(n.getTextContent()).as("text between the elements of " + e.getLocalName()).isBlank();
            }
        }
        return out;
    }

    /** Checks {@code e}'s children against {@code shape}: all in the namespace, known, in order, the required present. */
    static void check(Element e, Shape shape) {
        List<Element> kids = children(e);
        int last = -1;
        for (Element k : kids) {
            assertThat(k.getNamespaceURI()).as(k.getLocalName()).isEqualTo(Cap.NAMESPACE);
            int at = shape.order().indexOf(k.getLocalName());
            assertThat(at).as(k.getLocalName() + " is a child " + e.getLocalName() + " may have").isGreaterThanOrEqualTo(0);
            assertThat(at).as(k.getLocalName() + " in schema order within " + e.getLocalName()).isGreaterThanOrEqualTo(last);
            last = at;
        }
        for (String r : shape.required()) {
            assertThat(kids.stream().filter(k -> k.getLocalName().equals(r)))
                    .as(e.getLocalName() + " has exactly one " + r).hasSize(1);
        }
    }
}
