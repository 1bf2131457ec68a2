package io.safetywatcher.common.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safetywatcher.common.event.DeadLetter;

import java.util.Base64;

/** {@code sw.deadletter} values (key: the source coordinates); the raw bytes as base64. */
public final class DeadLetterCodec {
    private DeadLetterCodec() {}

    public static byte[] encode(DeadLetter d) {
        ObjectNode o = Json.object();
        o.put("source_topic", d.sourceTopic());
        o.put("source_partition", d.sourcePartition());
        o.put("source_offset", d.sourceOffset());
        if (d.key() != null) {
            o.put("key", d.key());
        } else {
            o.putNull("key");
        }
        o.put("reason", d.reason());
        o.put("detail", d.detail());
        o.put("raw", Base64.getEncoder().encodeToString(d.raw()));
        o.put("raw_size", d.rawSize());
        o.put("truncated", d.truncated());
        o.put("quarantined_at", d.quarantinedAt().toString());
        return Json.bytes(o);
    }

    public static Decoded<DeadLetter> decode(byte[] value) {
        try {
            Fields f = Fields.of(Json.parse(value));
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(f.anyText("raw"));
            } catch (IllegalArgumentException e) {
                throw new RejectedInput(Reason.INVALID_VALUE, "field 'raw' is not base64");
            }
            return Decoded.ok(new DeadLetter(f.text("source_topic"), (int) f.integer("source_partition"),
                    f.integer("source_offset"), f.optionalText("key"), f.text("reason"), f.text("detail"), raw,
                    (int) f.integer("raw_size"), f.instant("quarantined_at")));
        } catch (RejectedInput e) {
            return new Decoded.Rejected<>(e.rejection);
        }
    }
}
