package io.notiledger.command.notification;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Notification ids. With an idempotency key the id is a name-based UUID of (tenant, key), so a
 * repeated request lands on the same aggregate and the event store's uniqueness settles any race;
 * without one it is random.
 */
public final class NotificationIds {

    private NotificationIds() {
    }

    public static String forRequest(String tenantId, String idempotencyKey) {
        if (idempotencyKey == null) {
            return UUID.randomUUID().toString();
        }
        String name = tenantId.length() + ":" + tenantId + ":" + idempotencyKey;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
