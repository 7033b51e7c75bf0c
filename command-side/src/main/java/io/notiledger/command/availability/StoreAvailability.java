package io.notiledger.command.availability;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether the store of record can take writes right now, as the last command to finish found it: a
 * command that could not commit because the database ran out of disk space or could not be reached marks
 * the store unavailable, and the next command that commits marks it available again. The command API then
 * refuses with 503 and {@code Retry-After} instead of 500, {@code /actuator/health} reports DOWN, and both
 * recover without a restart when the database can write again.
 */
public class StoreAvailability implements HealthIndicator {

    private final Clock clock;
    private final AtomicReference<Outage> outage = new AtomicReference<>();

    public StoreAvailability(Clock clock) {
        this.clock = clock;
    }

    /**
     * Whether a failure means the store cannot take writes for now (out of disk space or memory, too many
     * connections, the server unreachable or shutting down), as opposed to a problem with one command.
     */
    public static boolean isUnavailability(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CannotGetJdbcConnectionException || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessResourceException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 53: insufficient resources (53100 disk full); 08: connection exception; 57P: operator intervention;
                // 58: system error (58030 an I/O error such as ENOSPC or EIO); 25006: read-only (a replica after a failover)
                if (state.startsWith("53") || state.startsWith("08") || state.startsWith("57P")
                        || state.startsWith("58") || "25006".equals(state)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Describes what kind of unavailability a failure is, for the health details and the log. */
    static String reasonOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && "53100".equals(sql.getSQLState())) {
                return "disk full";
            }
        }
        return "cannot write: " + rootMessage(failure);
    }

    public void failed(Throwable failure) {
        outage.compareAndSet(null, new Outage(clock.instant(), reasonOf(failure)));
    }

    public void committed() {
        if (outage.get() != null) {
            outage.set(null);
        }
    }

    public boolean available() {
        return outage.get() == null;
    }

    @Override
    public Health health() {
        Outage current = outage.get();
        if (current == null) {
            return Health.up().build();
        }
        return Health.down().withDetail("reason", current.reason()).withDetail("since", current.since().toString()).build();
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }

    private record Outage(Instant since, String reason) {
    }
}
