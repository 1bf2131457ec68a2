package io.safetywatcher.common.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safetywatcher.common.event.Reading;
import io.safetywatcher.common.event.SensorType;

import java.time.Clock;
import java.time.Instant;

/**
 * {@code sw.readings} values: {"sensor_id", "sensor_type", "capture_time", "value", "unit", "seq"}.
 * Decoding validates as it reads: a reading that decodes is physically plausible.
 */
public final class ReadingCodec {
    private final TimeBounds bounds;
    private final Clock clock;

    public ReadingCodec(TimeBounds bounds, Clock clock) {
        this.bounds = bounds;
        this.clock = clock;
    }

    public static ReadingCodec standard() { return new ReadingCodec(TimeBounds.DEFAULT, Clock.systemUTC()); }

    public byte[] encode(Reading r) {
        ObjectNode o = Json.object();
        o.put("sensor_id", r.sensorId());
        o.put("sensor_type", r.sensorType().id());
        o.put("capture_time", r.captureTime().toString());
        o.put("value", r.value());
        o.put("unit", r.unit());
        o.put("seq", r.seq());
        return Json.bytes(o);
    }

    public Decoded<Reading> decode(byte[] value) {
        try {
            Fields f = Fields.of(Json.parse(value));
            String sensorId = f.text("sensor_id");
            String typeId = f.text("sensor_type");
            SensorType type = SensorType.fromId(typeId).orElseThrow(() -> new RejectedInput(
                    Reason.UNKNOWN_SENSOR_TYPE, "sensor_type " + Fields.quoted(typeId) + " is not one of " + knownTypes()));
            Instant t = f.instant("capture_time");
            bounds.check("capture_time", t, clock.instant());
            double v = f.number("value");
            String unit = f.text("unit");
            if (!SensorType.isKnownUnit(unit)) {
                throw new RejectedInput(Reason.UNKNOWN_UNIT, "unit " + Fields.quoted(unit) + " is not a known unit");
            }
            if (!unit.equals(type.unit())) {
                throw new RejectedInput(Reason.UNIT_MISMATCH,
                        "unit '" + unit + "' is not the unit of " + type.id() + " (" + type.unit() + ")");
            }
            if (!type.inRange(v)) {
                throw new RejectedInput(Reason.OUT_OF_RANGE, "value " + v + " " + unit + " is outside the physical range of "
                        + type.id() + " [" + fmt(type.min()) + ", " + fmt(type.max()) + "]");
            }
            long seq = f.integer("seq");
            if (seq < 0) {
                throw new RejectedInput(Reason.OUT_OF_RANGE, "seq " + seq + " is negative");
            }
            return Decoded.ok(new Reading(sensorId, type, t, v, unit, seq));
        } catch (RejectedInput e) {
            return new Decoded.Rejected<>(e.rejection);
        }
    }

    private static String knownTypes() {
        StringBuilder sb = new StringBuilder();
        for (SensorType t : SensorType.values()) {
            sb.append(sb.isEmpty() ? "" : ", ").append(t.id());
        }
        return sb.toString();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
