package io.notiledger.command.availability;

import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class StoreAvailabilityTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private final StoreAvailability availability = new StoreAvailability(Clock.fixed(NOW, ZoneOffset.UTC));

    private static Throwable wrapped(String sqlState) {
        return new EventStoreException("An event for aggregate [x] could not be stored",
                new SQLException("ERROR: could not extend file", sqlState));
    }

    @Test
    void diskFullAndLostConnectionsMakeTheStoreUnavailable() {
        assertThat(StoreAvailability.isUnavailability(wrapped("53100"))).isTrue();
        assertThat(StoreAvailability.isUnavailability(wrapped("53300"))).isTrue();
        assertThat(StoreAvailability.isUnavailability(wrapped("08006"))).isTrue();
        assertThat(StoreAvailability.isUnavailability(wrapped("57P01"))).isTrue();
        assertThat(StoreAvailability.isUnavailability(wrapped("58030"))).as("I/O error").isTrue();
        assertThat(StoreAvailability.isUnavailability(wrapped("25006"))).as("read-only after a failover").isTrue();
        // the JDBC exception class says which kind even when the SQL state is not one of PostgreSQL's
        assertThat(StoreAvailability.isUnavailability(new EventStoreException("read failed",
                new java.sql.SQLNonTransientConnectionException("The connection has been closed", "99999")))).isTrue();
    }

    @Test
    void aProblemOfOneCommandDoesNot() {
        // a unique violation settles a race between two first requests with one Idempotency-Key
        assertThat(StoreAvailability.isUnavailability(wrapped("23505"))).isFalse();
        assertThat(StoreAvailability.isUnavailability(new IllegalStateException("no"))).isFalse();
        assertThat(StoreAvailability.isUnavailability(new SQLException("no state"))).isFalse();
    }

    @Test
    void healthIsDownFromTheFirstFailureUntilTheNextCommit() {
        assertThat(availability.health().getStatus()).isEqualTo(Status.UP);

        availability.failed(wrapped("53100"));

        assertThat(availability.available()).isFalse();
        assertThat(availability.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(availability.health().getDetails()).containsEntry("reason", "disk full")
                .containsEntry("since", NOW.toString());

        availability.committed();

        assertThat(availability.available()).isTrue();
        assertThat(availability.health().getStatus()).isEqualTo(Status.UP);
    }
}
