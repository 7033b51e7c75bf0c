package io.notiledger.command.metrics;

import io.notiledger.api.event.NotificationRequestedEvent;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * Finds the tenant and channel of a notification from the first event of its stream, the request. The later
 * events (sent, failed, dead-lettered) do not carry both, and the meters need them as tags. The read runs in
 * the transaction of the command that stored the later event, on the connection that just wrote it, so it finds
 * the stream; it costs one indexed query per event counted.
 */
public class NotificationOrigins {

    private final EventStore events;

    public NotificationOrigins(EventStore events) {
        this.events = events;
    }

    NotificationOrigin of(String notificationId) {
        DomainEventStream stream = events.readEvents(notificationId, 0); // from the first event, never a snapshot
        if (stream.hasNext() && stream.next().getPayload() instanceof NotificationRequestedEvent requested) {
            return new NotificationOrigin(requested.tenantId(), requested.channel().name());
        }
        return NotificationOrigin.UNKNOWN;
    }
}
