package io.safetywatcher.common.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Incident;

/** {@code sw.truth} values and the lines of a truth file. */
public final class IncidentCodec {
    private IncidentCodec() {}

    public static ObjectNode toJson(Incident i) {
        ObjectNode o = Json.object();
        o.put("kind", "incident");
        o.put("incident_id", i.id());
        o.put("type", i.type().id());
        o.put("zone", i.zone());
        i.devices().forEach(o.putArray("devices")::add);
        o.put("start", i.start().toString());
        o.put("end", i.end().toString());
        o.put("intensity", i.intensity());
        if (!i.detectableFrom().equals(i.start())) {
            o.put("detectable_from", i.detectableFrom().toString());
        }
        if (!i.evidentUntil().equals(i.end())) {
            o.put("evident_until", i.evidentUntil().toString());
        }
        return o;
    }

    public static byte[] encode(Incident i) { return Json.bytes(toJson(i)); }

    public static Decoded<Incident> decode(byte[] value) {
        try {
            Fields f = Fields.of(Json.parse(value));
            String typeId = f.text("type");
            AlertType type = AlertType.fromId(typeId)
                    .orElseThrow(() -> new RejectedInput(Reason.INVALID_VALUE, "type " + Fields.quoted(typeId) + " is not an incident type"));
            var start = f.instant("start");
            var end = f.instant("end");
            if (end.isBefore(start)) {
                throw new RejectedInput(Reason.INVALID_VALUE, "end " + end + " is before start " + start);
            }
            double intensity = f.has("intensity") ? f.number("intensity") : 1.0;
            // Truth files written before detectable_from existed: detectable from the start.
            var detectable = f.has("detectable_from") ? f.instant("detectable_from") : start;
            if (detectable.isBefore(start)) {
                throw new RejectedInput(Reason.INVALID_VALUE, "detectable_from " + detectable + " is before start " + start);
            }
            var evident = f.has("evident_until") ? f.instant("evident_until") : end;
            if (evident.isBefore(end)) {
                throw new RejectedInput(Reason.INVALID_VALUE, "evident_until " + evident + " is before end " + end);
            }
            return Decoded.ok(new Incident(f.text("incident_id"), type, f.text("zone"), f.textList("devices"), start, end, intensity,
                    detectable, evident));
        } catch (RejectedInput e) {
            return new Decoded.Rejected<>(e.rejection);
        }
    }
}
