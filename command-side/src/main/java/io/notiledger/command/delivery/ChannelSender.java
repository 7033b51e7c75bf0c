package io.notiledger.command.delivery;

import io.notiledger.api.command.DeliveryTicket;
import io.notiledger.api.notification.Channel;

import java.time.Duration;
import java.util.List;

/** Delivers one attempt on one channel and says how it went; never throws for a delivery failure. */
public interface ChannelSender {

    Channel channel();

    DeliveryOutcome send(DeliveryTicket ticket);

    /**
     * Delivers several attempts, one outcome each in the tickets' order; all of them end within
     * {@link #longestSend()}. A sender that can share work between them (one connection for many mails) does.
     */
    default List<DeliveryOutcome> sendAll(List<DeliveryTicket> tickets) {
        return tickets.stream().map(this::send).toList();
    }

    /** The longest one send may take before the sender itself ends it. */
    Duration longestSend();
}
