package io.notiledger.command.redrive;

import io.notiledger.api.event.NotificationDeadLetteredEvent;
import io.notiledger.api.event.NotificationRequestedEvent;
import io.notiledger.api.notification.Channel;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventhandling.TrackingToken;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Selects what a re-drive re-drives from the store of record, not from the views (which may be behind or wrong
 * after an incident): first the notifications dead-lettered in the window, read in store order from the window's
 * start; then each one's own history, for its tenant and channel (from its request), its last error, and
 * whether it is still dead-lettered.
 */
public class RedriveSelector {

    private final EventStorageEngine storage;
    private final EventStore events;

    public RedriveSelector(EventStorageEngine storage, EventStore events) {
        this.storage = storage;
        this.events = events;
    }

    /** The matching notifications still dead-lettered, at most the selection's limit, oldest dead-lettering first. */
    public List<RedriveCandidate> select(RedriveSelection selection) {
        List<RedriveCandidate> selected = new ArrayList<>();
        for (String id : deadLetteredInWindow(selection)) {
            stillDeadLettered(id).filter(selection::matches).ifPresent(selected::add);
            if (selected.size() >= selection.limit()) {
                break;
            }
        }
        return selected;
    }

    private Set<String> deadLetteredInWindow(RedriveSelection selection) {
        TrackingToken from = selection.since() == null ? null : storage.createTokenAt(selection.since());
        Set<String> ids = new LinkedHashSet<>();
        try (Stream<? extends TrackedEventMessage<?>> stream = storage.readEvents(from, false)) {
            stream.filter(event -> event.getPayloadType() == NotificationDeadLetteredEvent.class)
                    .filter(event -> inWindow(event.getTimestamp(), selection))
                    .forEach(event -> ids.add(((NotificationDeadLetteredEvent) event.getPayload()).notificationId()));
        }
        return ids;
    }

    private static boolean inWindow(Instant at, RedriveSelection selection) {
        return (selection.since() == null || !at.isBefore(selection.since()))
                && (selection.until() == null || at.isBefore(selection.until()));
    }

    /** The notification as its history ends, if that end is a dead-lettering. */
    private Optional<RedriveCandidate> stillDeadLettered(String id) {
        String tenant = null;
        Channel channel = null;
        DomainEventMessage<?> last = null;
        for (var iterator = events.readEvents(id); iterator.hasNext(); ) {
            last = iterator.next();
            if (last.getPayload() instanceof NotificationRequestedEvent requested) {
                tenant = requested.tenantId();
                channel = requested.content().channel();
            }
        }
        if (last != null && last.getPayload() instanceof NotificationDeadLetteredEvent deadLettered) {
            return Optional.of(new RedriveCandidate(id, tenant, channel, deadLettered.lastErrorCode(), last.getTimestamp()));
        }
        return Optional.empty();
    }
}
