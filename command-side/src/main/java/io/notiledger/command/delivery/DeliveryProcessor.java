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
import org.axonframework.common.IdentifierFactory;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Delivers queued notifications a batch at a time: claims every queued attempt of the batch with a command (the
 * aggregate refuses a second attempt in flight, and a sent or cancelled notification) and waits until all claims
 * are stored, hands the claimed attempts to their channel's sender together (one SMTP connection for many mails),
 * then records every outcome with a command and waits once for all of them, before the batch's token moves. It
 * reads the event store, never Kafka, and is never replayed: a replay must not send anything again.
 * <p>
 * The handler only takes note of a queued attempt; {@link DeliverAtBatchEnd} calls {@link #deliverQueued()} when
 * the batch's last event has been handled. Outside a batch (one event on its own) the attempt is delivered at once.
 */
@Component
@ProcessingGroup(DeliveryProcessor.PROCESSING_GROUP)
public class DeliveryProcessor {

    public static final String PROCESSING_GROUP = "delivery";
    static final String ACTOR = "delivery";
    public static final String ATTEMPT_TIMER = "ledger.delivery.attempt";
    private static final String QUEUED = DeliveryProcessor.class.getName() + ".queued";
    private static final Logger log = LoggerFactory.getLogger(DeliveryProcessor.class);

    private final CommandGateway commands;
    private final Map<Channel, ChannelSender> senders = new EnumMap<>(Channel.class);
    private final MeterRegistry meters;

    public DeliveryProcessor(CommandGateway commands, List<ChannelSender> senders, MeterRegistry meters) {
        this.commands = commands;
        senders.forEach(sender -> this.senders.put(sender.channel(), sender));
        this.meters = meters;
    }

    @EventHandler
    @DisallowReplay
    public void on(NotificationQueuedEvent event) {
        // tenant and correlation id come along from this event, whichever event of the batch is current later
        MetaData origin = CurrentUnitOfWork.correlationData().and(LedgerMetaData.ACTOR, ACTOR);
        QueuedAttempt attempt = new QueuedAttempt(event.notificationId(), event.attemptNumber(), origin);
        if (!CurrentUnitOfWork.isStarted()) {
            deliver(List.of(attempt));
            return;
        }
        CurrentUnitOfWork.get().root().<List<QueuedAttempt>>getOrComputeResource(QUEUED, key -> new ArrayList<>())
                .add(attempt);
    }

    /** Delivers what the current batch queued; a failure of the ledger itself is thrown after the rest is done. */
    void deliverQueued() {
        if (!CurrentUnitOfWork.isStarted()) {
            return;
        }
        List<QueuedAttempt> queued = CurrentUnitOfWork.get().root().getResource(QUEUED);
        if (queued == null || queued.isEmpty()) {
            return;
        }
        List<QueuedAttempt> batch = List.copyOf(queued);
        queued.clear();
        deliver(batch);
    }

    private void deliver(List<QueuedAttempt> attempts) {
        Failures failures = new Failures();
        Map<DeliveryTicket, QueuedAttempt> claimed = claim(attempts, failures);
        Map<DeliveryTicket, DeliveryOutcome> outcomes = send(claimed.keySet(), failures);
        record(outcomes, claimed, failures);
        failures.throwFirst();
    }

    /** Claims every attempt at once and waits for all: each claim is stored before any mail leaves. */
    private Map<DeliveryTicket, QueuedAttempt> claim(List<QueuedAttempt> attempts, Failures failures) {
        List<CompletableFuture<DeliveryTicket>> claims = attempts.stream()
                .map(attempt -> commands.<DeliveryTicket>send(attempt.command(
                        new StartDeliveryAttemptCommand(attempt.notificationId(), attempt.attemptNumber()))))
                .toList();
        Map<DeliveryTicket, QueuedAttempt> claimed = new LinkedHashMap<>();
        for (int i = 0; i < attempts.size(); i++) {
            QueuedAttempt attempt = attempts.get(i);
            try {
                claimed.put(claims.get(i).join(), attempt);
            } catch (CompletionException e) {
                if (e.getCause() instanceof LedgerException refused) {
                    log.debug("Not delivering {} attempt {}: {}", attempt.notificationId(), attempt.attemptNumber(),
                            refused.getMessage());
                } else {
                    failures.add(e.getCause());
                }
            }
        }
        return claimed;
    }

    /**
     * Each channel's attempts go to its sender together. A sender that fails unexpectedly leaves its attempts
     * unrecorded: whether their mails left is unknown, and their attempt timeouts will say so.
     */
    private Map<DeliveryTicket, DeliveryOutcome> send(Iterable<DeliveryTicket> tickets, Failures failures) {
        Map<Channel, List<DeliveryTicket>> byChannel = new EnumMap<>(Channel.class);
        tickets.forEach(ticket -> byChannel.computeIfAbsent(ticket.content().channel(), key -> new ArrayList<>()).add(ticket));
        Map<DeliveryTicket, DeliveryOutcome> outcomes = new LinkedHashMap<>();
        byChannel.forEach((channel, ofChannel) -> {
            ChannelSender sender = senders.get(channel);
            if (sender == null) {
                ofChannel.forEach(ticket -> outcomes.put(ticket, DeliveryOutcome.failed(null, "CHANNEL_NOT_CONFIGURED",
                        "No sender is configured for channel " + channel, false)));
                return;
            }
            try {
                long started = System.nanoTime();
                List<DeliveryOutcome> sent = sender.sendAll(ofChannel);
                long took = System.nanoTime() - started;
                for (int i = 0; i < ofChannel.size(); i++) {
                    outcomes.put(ofChannel.get(i), sent.get(i));
                    recordAttemptTime(channel, sent.get(i), took);
                }
            } catch (RuntimeException e) {
                failures.add(e);
            }
        });
        return outcomes;
    }

    /** An attempt takes as long as its batch's sending: its mail's outcome is known when the batch's are. */
    private void recordAttemptTime(Channel channel, DeliveryOutcome outcome, long nanos) {
        LatencyTimers.timer(ATTEMPT_TIMER, "Time a delivery attempt took, from handing its batch to the sender to its outcome")
                .tag("channel", channel.name()).tag("outcome", outcome.delivered() ? "sent" : "failed")
                .register(meters).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Records every outcome at once and waits for all, so the batch's token moves only after them. */
    private void record(Map<DeliveryTicket, DeliveryOutcome> outcomes, Map<DeliveryTicket, QueuedAttempt> claimed,
                        Failures failures) {
        Map<DeliveryTicket, CompletableFuture<Object>> recorded = new LinkedHashMap<>();
        outcomes.forEach((ticket, outcome) -> recorded.put(ticket,
                commands.send(claimed.get(ticket).command(outcomeOf(ticket, outcome)))));
        recorded.forEach((ticket, result) -> {
            try {
                result.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof LedgerException refused) {
                    // the attempt timed out meanwhile; its timeout already decided what happens next
                    log.warn("Outcome of {} attempt {} came too late: {}", ticket.notificationId(),
                            ticket.attemptNumber(), refused.getMessage());
                } else {
                    failures.add(e.getCause());
                }
            }
        });
    }

    private static Object outcomeOf(DeliveryTicket ticket, DeliveryOutcome outcome) {
        return outcome.delivered()
                ? new RecordDeliverySuccessCommand(ticket.notificationId(), ticket.attemptNumber(), outcome.vendor(),
                outcome.vendorMessageId(), ticket.attemptTimeoutId())
                : new RecordDeliveryFailureCommand(ticket.notificationId(), ticket.attemptNumber(), outcome.vendor(),
                outcome.errorCode(), outcome.errorMessage(), outcome.retryable(), ticket.attemptTimeoutId());
    }

    /** A queued attempt and the meta-data of the event that queued it, which its commands carry. */
    private record QueuedAttempt(String notificationId, int attemptNumber, MetaData origin) {

        <C> CommandMessage<C> command(C payload) {
            // with an id of its own, a message takes its meta-data as given, not merged with the current event's
            return new GenericCommandMessage<>(new GenericMessage<>(IdentifierFactory.getInstance().generateIdentifier(),
                    payload, origin), payload.getClass().getName());
        }
    }

    /** Failures of the ledger itself (not refusals): the batch fails with the first, after the others were done. */
    private static final class Failures {
        private final List<Throwable> failures = new ArrayList<>();

        void add(Throwable failure) {
            failures.add(failure);
        }

        void throwFirst() {
            if (failures.isEmpty()) {
                return;
            }
            Throwable first = failures.get(0);
            failures.stream().skip(1).filter(other -> other != first).forEach(first::addSuppressed);
            if (first instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (first instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("Delivery failed", first);
        }
    }
}
