package io.notiledger.command.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.notiledger.api.command.DeliveryTicket;
import io.notiledger.api.command.RecordDeliveryFailureCommand;
import io.notiledger.api.command.RecordDeliverySuccessCommand;
import io.notiledger.api.command.StartDeliveryAttemptCommand;
import io.notiledger.api.error.LedgerException;
import io.notiledger.api.event.NotificationQueuedEvent;
import io.notiledger.api.notification.Channel;
import io.notiledger.api.notification.LedgerMetaData;
import io.notiledger.operations.metrics.LatencyTimers;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Delivers queued notifications: claims the attempt with a command (the aggregate refuses a second
 * attempt in flight, and a sent or cancelled notification), hands it to the channel's sender, and
 * records the outcome with a command. It reads the event store, never Kafka, and is never replayed:
 * a replay must not send anything again.
 */
@Component
@ProcessingGroup(DeliveryProcessor.PROCESSING_GROUP)
public class DeliveryProcessor {

    public static final String PROCESSING_GROUP = "delivery";
    static final String ACTOR = "delivery";
    public static final String ATTEMPT_TIMER = "ledger.delivery.attempt";
    private static final Logger log = LoggerFactory.getLogger(DeliveryProcessor.class);

    private final CommandGateway commands;
    private final Map<Channel, ChannelSender> senders = new EnumMap<>(Channel.class);
    private final MeterRegistry meters;

    public DeliveryProcessor(CommandGateway commands, List<ChannelSender> senders, MeterRegistry meters) {
        this.commands = commands;
        this.meters = meters;
        senders.forEach(sender -> this.senders.put(sender.channel(), sender));
    }

    @EventHandler
    @DisallowReplay
    public void on(NotificationQueuedEvent event) {
        DeliveryTicket ticket;
        try {
            ticket = commands.sendAndWait(asDelivery(new StartDeliveryAttemptCommand(event.notificationId(), event.attemptNumber())));
        } catch (LedgerException refused) {
            log.debug("Not delivering {} attempt {}: {}", event.notificationId(), event.attemptNumber(), refused.getMessage());
            return;
        }
        long started = System.nanoTime();
        DeliveryOutcome outcome = deliver(ticket);
        LatencyTimers.timer(ATTEMPT_TIMER, "Time a delivery attempt took, from handing it to the sender to its outcome")
                .tag("channel", ticket.channel().name()).tag("outcome", outcome.delivered() ? "sent" : "failed")
                .register(meters).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        try {
            commands.sendAndWait(asDelivery(outcome.delivered()
                    ? new RecordDeliverySuccessCommand(ticket.notificationId(), ticket.attemptNumber(),
                    outcome.vendor(), outcome.vendorMessageId())
                    : new RecordDeliveryFailureCommand(ticket.notificationId(), ticket.attemptNumber(),
                    outcome.vendor(), outcome.errorCode(), outcome.errorMessage(), outcome.retryable())));
        } catch (LedgerException refused) {
            // the attempt timed out meanwhile; its timeout already decided what happens next
            log.warn("Outcome of {} attempt {} came too late: {}", ticket.notificationId(), ticket.attemptNumber(),
                    refused.getMessage());
        }
    }

    /** Tenant and correlation id come along from the event being handled; the actor is this process. */
    private static CommandMessage<?> asDelivery(Object command) {
        return GenericCommandMessage.asCommandMessage(command).andMetaData(Map.of(LedgerMetaData.ACTOR, ACTOR));
    }

    private DeliveryOutcome deliver(DeliveryTicket ticket) {
        ChannelSender sender = senders.get(ticket.content().channel());
        if (sender == null) {
            return DeliveryOutcome.failed(null, "CHANNEL_NOT_CONFIGURED",
                    "No sender is configured for channel " + ticket.content().channel(), false);
        }
        return sender.send(ticket);
    }
}
