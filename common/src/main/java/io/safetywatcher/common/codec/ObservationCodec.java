package io.safetywatcher.common.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safetywatcher.common.event.Label;
import io.safetywatcher.common.event.Observation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code sw.observations} values: {"camera_id", "capture_time", "seq", "labels": [{"label", "confidence"}]}.
 * A label is a short lower-case token; free text (where a name could hide) is refused.
 */
public final class ObservationCodec {
    private static final Pattern LABEL = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    private static final int MAX_LABELS = 32;

    private final TimeBounds bounds;
    private final Clock clock;

    public ObservationCodec(TimeBounds bounds, Clock clock) {
        this.bounds = bounds;
        this.clock = clock;
    }

    public static ObservationCodec standard() { return new ObservationCodec(TimeBounds.DEFAULT, Clock.systemUTC()); }

    public byte[] encode(Observation o) {
        ObjectNode n = Json.object();
        n.put("camera_id", o.cameraId());
        n.put("capture_time", o.captureTime().toString());
        n.put("seq", o.seq());
        ArrayNode labels = n.putArray("labels");
        for (Label l : o.labels()) {
            labels.addObject().put("label", l.name()).put("confidence", l.confidence());
        }
        return Json.bytes(n);
    }

    public Decoded<Observation> decode(byte[] value) {
        try {
            Fields f = Fields.of(Json.parse(value));
            String camera = f.text("camera_id");
            Instant t = f.instant("capture_time");
            bounds.check("capture_time", t, clock.instant());
            long seq = f.integer("seq");
            JsonNode arr = f.array("labels");
            if (arr.isEmpty() || arr.size() > MAX_LABELS) {
                throw new RejectedInput(Reason.INVALID_VALUE, "labels must hold 1 to " + MAX_LABELS + " entries, not " + arr.size());
            }
            List<Label> labels = new ArrayList<>(arr.size());
            for (int i = 0; i < arr.size(); i++) {
                Fields lf = Fields.of(arr.get(i));
                String name = lf.text("label");
                if (!LABEL.matcher(name).matches()) {
                    throw new RejectedInput(Reason.INVALID_VALUE,
                            "labels[" + i + "].label " + Fields.quoted(name) + " is not a lower-case token like 'loitering'");
                }
                for (Label seen : labels) {
                    if (seen.name().equals(name)) {
                        // Stored one row per label: a repeat would silently overwrite its twin.
                        throw new RejectedInput(Reason.INVALID_VALUE, "labels[" + i + "].label '" + name + "' repeats an earlier label");
                    }
                }
                double c = lf.number("confidence");
                if (c < 0 || c > 1) {
                    throw new RejectedInput(Reason.OUT_OF_RANGE, "labels[" + i + "].confidence " + c + " is outside [0, 1]");
                }
                labels.add(new Label(name, c));
            }
            return Decoded.ok(new Observation(camera, t, seq, labels));
        } catch (RejectedInput e) {
            return new Decoded.Rejected<>(e.rejection);
        }
    }
}
