package io.safetywatcher.notify.deliver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safetywatcher.common.codec.AlertCodec;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.notify.group.AlertEvent;
import io.safetywatcher.notify.group.Notification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * The {@code json} body: the group's alert events, each exactly as the alert topic carries it
 * (the project's alert JSON), in an envelope naming the receiver, the group and the notification
 * (its id is the same on every retry, so a receiver can drop a repeat it already has).
 */
public final class JsonBody implements Body {
    @Override
    public String contentType() { return "application/json"; }

    @Override
    public byte[] render(String receiver, UUID notificationId, Notification n) {
        ObjectNode o = Json.object();
        o.put("notification_id", notificationId.toString());
        o.put("receiver", receiver);
        o.put("group_key", n.groupKey());
        o.put("group_labels", n.labels());
        o.put("repeat", n.repeat());
        ArrayNode alerts = o.putArray("alerts");
        for (AlertEvent e : n.events()) {
            try {
                alerts.add(Json.MAPPER.readTree(AlertCodec.encode(e.alert())));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex); // our own encoding always parses
            }
        }
        return Json.bytes(o);
    }
}
