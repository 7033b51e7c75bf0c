package io.notiledger.api.event.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.notiledger.api.event.NotificationSentEvent;
import io.notiledger.api.notification.Channel;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * Reads a revision-1 {@link NotificationSentEvent} as revision 2 by giving it {@code channel: EMAIL}. That
 * default is not a guess: until revision 2 the ledger had a delivery adapter for e-mail only and refused every
 * other channel before storing anything, so every notification sent under revision 1 was an e-mail.
 * <p>
 * The ledger's readers of stored events (the event store, the Kafka message converter on both sides) get it
 * through Axon's upcaster chain; it has to be there as long as the store or the topic holds revision-1 events.
 */
public class NotificationSentEvent1To2Upcaster extends SingleEventUpcaster {

    private static final SimpleSerializedType REVISION_1 = new SimpleSerializedType(NotificationSentEvent.class.getName(), "1");
    private static final SimpleSerializedType REVISION_2 = new SimpleSerializedType(NotificationSentEvent.class.getName(), "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return REVISION_1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, JsonNode.class, payload -> {
            ((ObjectNode) payload).put("channel", Channel.EMAIL.name());
            return payload;
        });
    }
}
