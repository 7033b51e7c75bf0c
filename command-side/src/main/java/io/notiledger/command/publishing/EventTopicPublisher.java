package io.notiledger.command.publishing;

import io.micrometer.core.instrument.Timer;
import io.notiledger.operations.metrics.LatencyTimers;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.messaging.EventPublicationFailedException;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The outbox relay: a tracking processor on the event store hands every event to Kafka, and the batch's
 * token moves on only once the broker acknowledged every record of the batch (acks=all). A failure rolls
 * the batch back and it is sent again: Kafka may see an event twice, never miss one; consumers skip
 * duplicates by sequence number.
 * <p>
 * axon-kafka's own publisher waits for each record's acknowledgement before it sends the next, which
 * capped publication at a few dozen events a second (see BENCHMARKS.md); this one sends the whole batch
 * and waits once, before the batch commits.
 */
@ProcessingGroup(EventTopicPublisher.PROCESSING_GROUP)
public class EventTopicPublisher {

    public static final String PROCESSING_GROUP = "kafka-publisher";
    private static final String PENDING_ACKS = EventTopicPublisher.class.getName() + ".acks";

    private final Producer<String, byte[]> producer;
    private final KafkaMessageConverter<String, byte[]> converter;
    private final String topic;
    private final Duration ackTimeout;
    private final Timer publishLag;

    /**
     * @param publishLag records, for each event the broker acknowledged, the time since the event was stored
     */
    public EventTopicPublisher(Producer<String, byte[]> producer, KafkaMessageConverter<String, byte[]> converter,
                               String topic, Duration ackTimeout, Timer publishLag) {
        this.producer = producer;
        this.converter = converter;
        this.topic = topic;
        this.ackTimeout = ackTimeout;
        this.publishLag = publishLag;
    }

    @EventHandler
    public void on(EventMessage<?> event) {
        ProducerRecord<String, byte[]> record = converter.createKafkaMessage(event, topic);
        pendingAcks().add(new PendingAck(producer.send(record), event.getTimestamp()));
    }

    /** The acknowledgements the current batch waits for; the wait is registered once per batch. */
    private List<PendingAck> pendingAcks() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(PENDING_ACKS, key -> {
            List<PendingAck> acks = new ArrayList<>();
            batch.onPrepareCommit(unitOfWork -> awaitAll(acks));
            return acks;
        });
    }

    private void awaitAll(List<PendingAck> acks) {
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        try {
            for (PendingAck ack : acks) {
                ack.ack().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            acks.forEach(ack -> publishLag.record(LatencyTimers.since(ack.storedAt())));
        } catch (ExecutionException | TimeoutException e) {
            throw new EventPublicationFailedException("Kafka did not acknowledge " + acks.size()
                    + " events within " + ackTimeout + "; the batch will be sent again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventPublicationFailedException("Interrupted while waiting for Kafka; the batch will be sent again", e);
        }
    }

    private record PendingAck(Future<RecordMetadata> ack, Instant storedAt) {
    }
}
