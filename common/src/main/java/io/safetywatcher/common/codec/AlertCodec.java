package io.safetywatcher.common.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;

/** {@code sw.alerts} values, the contract police desks consume. */
public final class AlertCodec {
    private AlertCodec() {}

    public static byte[] encode(Alert a) {
        ObjectNode o = Json.object();
        o.put("id", a.id());
        o.put("fingerprint", a.fingerprint());
        o.put("type", a.type().id());
        o.put("category", a.category().id());
        o.put("severity", a.severity().id());
        o.put("state", a.state().name());
        o.put("zone", a.zone());
        a.devices().forEach(o.putArray("devices")::add);
        o.put("started_at", a.startedAt().toString());
        o.put("updated_at", a.updatedAt().toString());
        if (a.endedAt() != null) {
            o.put("ended_at", a.endedAt().toString());
        } else {
            o.putNull("ended_at");
        }
        o.put("score", a.score());
        o.put("summary", a.summary());
        a.evidence().forEach(o.putArray("evidence")::add);
        o.put("rule_version", a.ruleVersion());
        if (a.model() != null) {
            o.put("model", a.model());
        }
        return Json.bytes(o);
    }

    public static Decoded<Alert> decode(byte[] value) {
        try {
            Fields f = Fields.of(Json.parse(value));
            String typeId = f.text("type");
            AlertType type = AlertType.fromId(typeId)
                    .orElseThrow(() -> new RejectedInput(Reason.INVALID_VALUE, "type " + Fields.quoted(typeId) + " is not an alert type"));
            String sev = f.text("severity");
            Severity severity = Severity.fromId(sev)
                    .orElseThrow(() -> new RejectedInput(Reason.INVALID_VALUE, "severity " + Fields.quoted(sev) + " is not a severity"));
            String st = f.text("state");
            AlertState state;
            try {
                state = AlertState.valueOf(st);
            } catch (IllegalArgumentException e) {
                throw new RejectedInput(Reason.INVALID_VALUE, "state " + Fields.quoted(st) + " is not FIRING, UPDATED or RESOLVED");
            }
            return Decoded.ok(new Alert(f.text("id"), f.text("fingerprint"), type, severity, state, f.text("zone"),
                    f.textList("devices"), f.instant("started_at"), f.instant("updated_at"), f.optionalInstant("ended_at"),
                    f.number("score"), f.text("summary"), f.textList("evidence"), f.text("rule_version"),
                    f.optionalText("model")));
        } catch (RejectedInput e) {
            return new Decoded.Rejected<>(e.rejection);
        }
    }
}
