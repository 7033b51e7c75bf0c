package io.notiledger.projections.source;

import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.Buffer;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaEventMessage;

import java.util.Collection;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Hands the records of the events topic to a processor in the order they were fetched.
 * <p>
 * Each record's tracking token holds the position of every record fetched before it, in all partitions. Axon's
 * default buffer reorders the records by timestamp across partitions, so a record handed over early carries the
 * positions of records still waiting in the buffer: the processor's token then claims events it has not handled (a
 * crash skips them) and goes back and forth, and a rebuild waiting for its token to reach the topic's end waits for
 * ever when the last record handed over was fetched before another partition's. In fetch order a record's token
 * covers exactly what was handed over up to it. The views need no order across partitions: all the events of a
 * notification are in one partition, in order.
 */
public final class FetchOrderBuffer implements Buffer<KafkaEventMessage> {

    private final LinkedBlockingQueue<KafkaEventMessage> records;
    private final AtomicReference<RuntimeException> fetchFailure = new AtomicReference<>();

    public FetchOrderBuffer(int capacity) {
        this.records = new LinkedBlockingQueue<>(capacity);
    }

    @Override
    public void put(KafkaEventMessage record) throws InterruptedException {
        records.put(record);
    }

    @Override
    public void putAll(Collection<KafkaEventMessage> fetched) throws InterruptedException {
        for (KafkaEventMessage record : fetched) {
            records.put(record);
        }
    }

    @Override
    public KafkaEventMessage poll(long timeout, TimeUnit unit) throws InterruptedException {
        throwFetchFailure();
        return records.poll(timeout, unit);
    }

    @Override
    public KafkaEventMessage take() throws InterruptedException {
        throwFetchFailure();
        return records.take();
    }

    @Override
    public KafkaEventMessage peek() {
        throwFetchFailure();
        return records.peek();
    }

    @Override
    public int size() {
        return records.size();
    }

    @Override
    public boolean isEmpty() {
        return records.isEmpty();
    }

    @Override
    public int remainingCapacity() {
        return records.remainingCapacity();
    }

    @Override
    public void clear() {
        records.clear();
    }

    /** The fetcher failed: the processor learns it at its next look, after what was fetched before. */
    @Override
    public void setException(RuntimeException failure) {
        fetchFailure.set(failure);
    }

    private void throwFetchFailure() {
        if (records.isEmpty()) {
            RuntimeException failure = fetchFailure.getAndSet(null);
            if (failure != null) {
                throw failure;
            }
        }
    }
}
