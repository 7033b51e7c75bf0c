package io.notiledger.command.eventstore;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.function.ToDoubleFunction;

/**
 * What the ledger asks of its event store's database, counted by the server: transactions committed and
 * rolled back in the ledger's database ({@code pg_stat_database}), and SQL statements executed in it
 * ({@code pg_stat_statements}, utility statements such as BEGIN and COMMIT left out, when the server loads
 * that module; the embedded PostgreSQL does). Each is read from the server when the meter is read, so the
 * figures include every client of that database, and lag the server by up to half a second (its statistics
 * are sent that often). Meters: {@code ledger.eventstore.commits}, {@code .rollbacks}, {@code .statements}.
 */
public class EventStoreRoundTrips implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(EventStoreRoundTrips.class);

    private final JdbcTemplate jdbc;

    public EventStoreRoundTrips(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "ledger.eventstore.commits", "transactions committed in the event store's database",
                "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
        counter(registry, "ledger.eventstore.rollbacks", "transactions rolled back in the event store's database",
                "SELECT xact_rollback FROM pg_stat_database WHERE datname = current_database()");
        if (statementsAreCounted()) {
            counter(registry, "ledger.eventstore.statements", "SQL statements executed in the event store's database",
                    "SELECT COALESCE(SUM(calls), 0) FROM pg_stat_statements "
                            + "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())");
        }
    }

    private void counter(MeterRegistry registry, String name, String description, String query) {
        FunctionCounter.builder(name, jdbc, read(query)).description(description).register(registry);
    }

    private static ToDoubleFunction<JdbcTemplate> read(String query) {
        return jdbc -> {
            try {
                Number value = jdbc.queryForObject(query, Number.class);
                return value == null ? Double.NaN : value.doubleValue();
            } catch (DataAccessException unavailable) {
                return Double.NaN;
            }
        };
    }

    private boolean statementsAreCounted() {
        try {
            jdbc.queryForObject("SELECT COUNT(*) FROM pg_stat_statements WHERE false", Number.class);
            return true;
        } catch (DataAccessException notLoaded) {
            log.debug("pg_stat_statements is not available; SQL statements are not counted: {}", notLoaded.getMessage());
            return false;
        }
    }
}
