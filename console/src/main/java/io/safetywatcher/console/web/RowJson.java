package io.safetywatcher.console.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safetywatcher.common.codec.Json;

/** One alert-list row as the page reads it, the same in the list and in a live push. */
final class RowJson {
    private RowJson() {}

    static ObjectNode of(AlertBoard.Row r) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", r.id());
        o.put("type", r.type());
        o.put("category", r.category());
        o.put("severity", r.severity().id());
        o.put("state", r.state().name());
        o.put("zone", r.zone());
        ArrayNode d = o.putArray("devices");
        r.devices().forEach(d::add);
        o.put("summary", r.summary());
        o.put("score", r.score());
        DeskStore.put(o, "started_at", r.startedAt());
        DeskStore.put(o, "updated_at", r.updatedAt());
        DeskStore.put(o, "ended_at", r.endedAt());
        o.put("evidence", r.evidence());
        o.put("ack_by", r.ackBy());
        o.put("assignee", r.assignee());
        o.put("version", r.version());
        return o;
    }
}
