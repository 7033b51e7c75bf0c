package io.notiledger.command.bus;

import io.notiledger.api.error.ErrorCode;
import io.notiledger.api.error.LedgerException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.AxonThreadFactory;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One committer thread, held busy by a first command while the commands of a test queue up behind it: released,
 * it takes them all as one group. Transactions are counted by a transaction manager that can fail a commit.
 */
class GroupCommitCommandBusTest {

    record Add(@TargetAggregateIdentifier String counterId, int amount, int limit) {
    }

    record Added(String counterId, int amount) {
    }

    record Hold() {
    }

    /** Refuses a sum above its limit only after applying it: the worst a handler can do to a shared instance. */
    static class Counter {
        @AggregateIdentifier
        private String counterId;
        private int value;

        Counter() {
        }

        @CommandHandler
        @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
        int handle(Add command) {
            apply(new Added(command.counterId(), command.amount()));
            if (value > command.limit()) {
                throw new LedgerException(ErrorCode.NOT_DELIVERABLE, "over the limit");
            }
            return value;
        }

        @EventSourcingHandler
        void on(Added event) {
            counterId = event.counterId();
            value += event.amount();
        }
    }

    private static final String TENANT = "tenantId";

    private final CountingTransactions transactions = new CountingTransactions();
    private final RefusingOnceStore store = new RefusingOnceStore();
    private final CountDownLatch holding = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private Configuration axon;
    private CommandGateway gateway;

    @BeforeEach
    void start() {
        axon = DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(c -> store)
                .configureAggregate(AggregateConfigurer.defaultConfiguration(Counter.class)
                        .configureCache(c -> new WeakReferenceCache()))
                .configureCorrelationDataProviders(c -> List.of(new SimpleCorrelationDataProvider(TENANT)))
                .configureCommandBus(c -> {
                    GroupCommitCommandBus bus = new GroupCommitCommandBus(SimpleCommandBus.builder(), transactions,
                            failure -> failure instanceof StoreDown, 1, 10,
                            new AxonThreadFactory("test-committer"));
                    bus.registerHandlerInterceptor(new CorrelationDataInterceptor<>(c.correlationDataProviders()));
                    return bus;
                })
                .registerCommandHandler(c -> new Object() {
                    @CommandHandler
                    void handle(Hold hold) throws InterruptedException {
                        holding.countDown();
                        release.await(10, TimeUnit.SECONDS);
                    }
                })
                .buildConfiguration();
        axon.start();
        gateway = axon.commandGateway();
    }

    @AfterEach
    void stop() {
        release.countDown();
        ((GroupCommitCommandBus) axon.commandBus()).shutdown();
        axon.shutdown();
    }

    @Test
    void commandsQueuedTogetherCommitInOneTransaction() throws Exception {
        List<CompletableFuture<Integer>> results = queuedBehindHold(
                new Add("a", 1, 10), new Add("b", 2, 10), new Add("c", 3, 10));

        assertThat(results(results)).containsExactly(1, 2, 3);
        assertThat(transactions.committed).hasValue(2); // the held command's, and the group's
        assertThat(eventsOf("a")).hasSize(1);
        assertThat(eventsOf("b")).hasSize(1);
        assertThat(eventsOf("c")).hasSize(1);
    }

    @Test
    void twoCommandsForOneAggregateInAGroupRunOneAfterTheOther() throws Exception {
        List<CompletableFuture<Integer>> results = queuedBehindHold(new Add("a", 1, 10), new Add("a", 2, 10));

        assertThat(results(results)).containsExactly(1, 3);
        assertThat(transactions.committed).hasValue(2);
        assertThat(eventsOf("a")).hasSize(2);
    }

    @Test
    void aRefusedCommandIsAnsweredWithItsRefusalAndTheOthersOfItsGroupCommit() throws Exception {
        List<CompletableFuture<Integer>> results = queuedBehindHold(
                new Add("a", 1, 10), new Add("a", 50, 10), new Add("a", 2, 10), new Add("b", 4, 10));

        assertThat(results.get(0).get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(results.get(1)).failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(LedgerException.class);
        assertThat(results.get(2).get(5, TimeUnit.SECONDS)).as("the refused sum left nothing behind").isEqualTo(3);
        assertThat(results.get(3).get(5, TimeUnit.SECONDS)).isEqualTo(4);
        assertThat(eventsOf("a")).extracting(event -> ((Added) event.getPayload()).amount()).containsExactly(1, 2);
        assertThat(gateway.<Integer>sendAndWait(new Add("a", 0, 10)))
                .as("neither the shared instance nor the cache keeps the refused sum").isEqualTo(3);
    }

    @Test
    void aGroupWhoseCommitFailsRunsEachCommandOnItsOwn() throws Exception {
        store.refuseNextAppendAfter(0); // the group's append conflicts (the held command appends nothing)
        List<CompletableFuture<Integer>> results = queuedBehindHold(new Add("a", 1, 10), new Add("b", 2, 10));

        assertThat(results(results)).containsExactly(1, 2);
        assertThat(transactions.rolledBack).as("the group").hasValue(1);
        assertThat(transactions.committed).as("the held command, then each of the group alone").hasValue(3);
        assertThat(eventsOf("a")).hasSize(1);
        assertThat(eventsOf("b")).hasSize(1);
    }

    @Test
    void eachEventOfAGroupCarriesTheMetaDataOfItsOwnCommand() throws Exception {
        List<CompletableFuture<Integer>> results = queuedBehindHold(
                new GenericCommandMessage<>(new Add("a", 1, 10), MetaData.with(TENANT, "tenant-a")),
                new GenericCommandMessage<>(new Add("b", 2, 10), MetaData.with(TENANT, "tenant-b")));

        assertThat(results(results)).containsExactly(1, 2);
        assertThat(eventsOf("a")).singleElement().satisfies(event -> assertThat(event.getMetaData()).containsEntry(TENANT, "tenant-a"));
        assertThat(eventsOf("b")).singleElement().satisfies(event -> assertThat(event.getMetaData()).containsEntry(TENANT, "tenant-b"));
    }

    @Test
    void whenTheStoreTakesNoWritesTheRestOfAGroupDoesNotWaitInTurn() {
        store.refuseEveryAppendWith(new StoreDown());
        List<CompletableFuture<Integer>> results = queuedBehindHold(
                new Add("a", 1, 10), new Add("b", 2, 10), new Add("c", 3, 10));

        assertThat(results).allSatisfy(result -> assertThat(result).failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(StoreDown.class));
        assertThat(store.refusedAppends).as("the group's, then the first command's alone").hasValue(2);
    }

    private <R> List<CompletableFuture<R>> queuedBehindHold(Object... commands) {
        gateway.send(new Hold());
        await().atMost(Duration.ofSeconds(5)).until(() -> holding.getCount() == 0);
        List<CompletableFuture<R>> results = Arrays.stream(commands).map(gateway::<R>send).toList();
        release.countDown();
        return results;
    }

    private static <R> List<R> results(List<CompletableFuture<R>> futures) {
        return futures.stream().map(future -> future.orTimeout(5, TimeUnit.SECONDS).join()).toList();
    }

    private List<? extends EventMessage<?>> eventsOf(String counterId) {
        return axon.eventStore().readEvents(counterId).asStream().toList();
    }

    /** Counts what happens to transactions. */
    static final class CountingTransactions implements TransactionManager {
        final AtomicInteger committed = new AtomicInteger();
        final AtomicInteger rolledBack = new AtomicInteger();

        @Override
        public Transaction startTransaction() {
            AtomicBoolean ended = new AtomicBoolean();
            return new Transaction() {
                @Override
                public void commit() {
                    if (ended.compareAndSet(false, true)) {
                        committed.incrementAndGet();
                    }
                }

                @Override
                public void rollback() {
                    if (ended.compareAndSet(false, true)) {
                        rolledBack.incrementAndGet();
                    }
                }
            };
        }
    }

    static final class StoreDown extends RuntimeException {
        StoreDown() {
            super("the store takes no writes");
        }
    }

    /**
     * Refuses one append as the database refuses one whose sequence number is taken (two first requests), or every
     * append as a database that takes no writes.
     */
    static final class RefusingOnceStore extends InMemoryEventStorageEngine {
        private final AtomicInteger appendsBeforeRefusal = new AtomicInteger(-1);
        private final AtomicInteger refusedAppends = new AtomicInteger();
        private volatile RuntimeException refusingEvery;

        void refuseEveryAppendWith(RuntimeException failure) {
            refusingEvery = failure;
        }

        void refuseNextAppendAfter(int appends) {
            appendsBeforeRefusal.set(appends);
        }

        @Override
        public void appendEvents(List<? extends EventMessage<?>> events) {
            if (!events.isEmpty() && refusingEvery != null) {
                refusedAppends.incrementAndGet();
                throw refusingEvery;
            }
            if (!events.isEmpty() && appendsBeforeRefusal.getAndDecrement() == 0) {
                throw new ConcurrencyException("sequence number taken");
            }
            super.appendEvents(events);
        }
    }
}
