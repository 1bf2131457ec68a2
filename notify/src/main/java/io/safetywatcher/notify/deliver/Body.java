package io.safetywatcher.notify.deliver;

import io.safetywatcher.notify.group.Notification;

import java.util.UUID;

/** What a webhook receives for one notification: the seam between delivery and the formats (JSON, CAP). */
public interface Body {
    String contentType();

    byte[] render(String receiver, UUID notificationId, Notification n);
}
