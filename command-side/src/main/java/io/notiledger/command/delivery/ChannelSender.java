package io.notiledger.command.delivery;

import io.notiledger.api.command.DeliveryTicket;
import io.notiledger.api.notification.Channel;

/** Delivers one attempt on one channel and says how it went; never throws for a delivery failure. */
public interface ChannelSender {

    Channel channel();

    DeliveryOutcome send(DeliveryTicket ticket);
}
