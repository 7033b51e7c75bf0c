package io.notiledger.command.delivery;

import io.notiledger.api.command.DeliveryTicket;
import io.notiledger.api.notification.Channel;

import java.time.Duration;

/** Delivers one attempt on one channel and says how it went; never throws for a delivery failure. */
public interface ChannelSender {

    Channel channel();

    DeliveryOutcome send(DeliveryTicket ticket);

    /** The longest one send may take before the sender itself ends it. */
    Duration longestSend();
}
