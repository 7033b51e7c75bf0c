package io.notiledger.command.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.notiledger.api.event.NotificationRequestedEvent;
import io.notiledger.api.notification.LedgerMetaData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns stored events into {@link AuditRecord}s. An event without a tenant in its meta-data (one a timer caused)
 * belongs to its notification's tenant, read from the notification's first event; the last few thousand are
 * remembered, so that a long export stays in constant memory.
 */
class AuditRecords {

    private static final int REMEMBERED_TENANTS = 10_000;

    private final ObjectMapper json;
    private final EventStore events;
    private final Map<String, String> tenants = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED_TENANTS;
        }
    };

    AuditRecords(ObjectMapper json, EventStore events) {
        this.json = json;
        this.events = events;
    }

    /** Null for an event that is not a notification's (the store holds only those today). */
    AuditRecord of(EventMessage<?> event) {
        if (!(event instanceof DomainEventMessage<?> domain) || domain.getAggregateIdentifier() == null) {
            return null;
        }
        String id = domain.getAggregateIdentifier();
        if (event.getPayload() instanceof NotificationRequestedEvent requested) {
            tenants.put(id, requested.tenantId());
        }
        return new AuditRecord(typeName(event), event.getTimestamp(), id, domain.getSequenceNumber(), tenantOf(domain),
                (String) event.getMetaData().get(LedgerMetaData.ACTOR),
                (String) event.getMetaData().get(LedgerMetaData.CORRELATION_ID), details(event.getPayload()));
    }

    String tenantOf(DomainEventMessage<?> event) {
        Object tenant = event.getMetaData().get(LedgerMetaData.TENANT_ID);
        if (tenant != null) {
            return tenant.toString();
        }
        return tenants.computeIfAbsent(event.getAggregateIdentifier(), this::requestedTenant);
    }

    private String requestedTenant(String notificationId) {
        var stream = events.readEvents(notificationId, 0);
        if (stream.hasNext() && stream.next().getPayload() instanceof NotificationRequestedEvent requested) {
            return requested.tenantId();
        }
        return null;
    }

    private static String typeName(EventMessage<?> event) {
        String name = event.getPayloadType().getSimpleName();
        return name.endsWith("Event") ? name.substring(0, name.length() - "Event".length()) : name;
    }

    /** The event's fields but the notification id (the record's own), the body and the request's fingerprint. */
    private JsonNode details(Object payload) {
        ObjectNode details = json.valueToTree(payload);
        details.remove("notificationId");
        hidePersonalData(details);
        if (details.get("content") instanceof ObjectNode content) {
            hidePersonalData(content);
        }
        return details;
    }

    private static void hidePersonalData(ObjectNode fields) {
        fields.remove("requestFingerprint");
        JsonNode recipient = fields.get("recipient");
        if (recipient != null && recipient.isTextual()) {
            fields.put("recipient", mask(recipient.asText()));
        }
        JsonNode body = fields.remove("body");
        if (body != null && body.isTextual()) {
            fields.put("bodyLength", body.asText().length());
        }
    }

    /** Enough to tell two recipients of one domain apart in a support call, not enough to write to them. */
    static String mask(String recipient) {
        int at = recipient.indexOf('@');
        if (at > 0) {
            return recipient.charAt(0) + "***" + recipient.substring(at);
        }
        return recipient.isEmpty() ? recipient : recipient.charAt(0) + "***";
    }
}
