package io.notiledger.projections.parking;

import com.mongodb.MongoSocketOpenException;
import com.mongodb.ServerAddress;
import io.notiledger.projections.LedgerEvents;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParkingPolicyTest {

    private final ParkingPolicy policy = new ParkingPolicy();
    private final EventMessage<?> event = LedgerEvents.message("ntf-1", 0, LedgerEvents.requested("ntf-1"));
    private final DeadLetter<EventMessage<?>> letter = new GenericDeadLetter<>("ntf-1", event);

    @Test
    void anEventTheViewCannotApplyIsParkedWithItsFirstFailureCounted() {
        EnqueueDecision<EventMessage<?>> decision = inBatch(() -> policy.decide(letter, new IllegalArgumentException("long overflow")));

        assertThat(decision.shouldEnqueue()).isTrue();
        DeadLetter<? extends EventMessage<?>> parked = decision.withDiagnostics(letter);
        assertThat(parked.cause()).hasValueSatisfying(cause -> {
            assertThat(cause.type()).isEqualTo(IllegalArgumentException.class.getName());
            assertThat(cause.message()).isEqualTo("long overflow");
        });
        assertThat(ParkingPolicy.failures(parked)).isEqualTo(1);
    }

    @Test
    void mongoUnavailableWhileAProcessorHandlesABatchFailsTheBatchInsteadOfParking() {
        DataAccessResourceFailureException down = new DataAccessResourceFailureException("no server",
                new MongoSocketOpenException("refused", new ServerAddress("127.0.0.1", 1)));

        assertThatThrownBy(() -> inBatch(() -> policy.decide(letter, down))).isSameAs(down);
    }

    @Test
    void aRetryThatFailsAgainKeepsTheEventParkedAndCountsTheFailure() {
        DeadLetter<EventMessage<?>> parkedOnce = letter.withDiagnostics(ParkingPolicy.failedOnce());
        DefaultUnitOfWork<EventMessage<?>> retry = DefaultUnitOfWork.startAndGet(event);
        try {
            EnqueueDecision<EventMessage<?>> decision = policy.decide(parkedOnce, new IllegalArgumentException("again"));

            assertThat(decision.shouldEnqueue()).isTrue();
            assertThat(ParkingPolicy.failures(decision.withDiagnostics(parkedOnce))).isEqualTo(2);
        } finally {
            retry.rollback();
        }
    }

    private EnqueueDecision<EventMessage<?>> inBatch(java.util.function.Supplier<EnqueueDecision<EventMessage<?>>> decide) {
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(List.of(event));
        batch.start();
        try {
            return decide.get();
        } finally {
            batch.rollback();
        }
    }
}
