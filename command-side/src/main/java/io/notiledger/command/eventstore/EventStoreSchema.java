package io.notiledger.command.eventstore;

import org.axonframework.eventhandling.tokenstore.jdbc.GenericTokenTableFactory;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.PostgresTokenTableFactory;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenTableFactory;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventTableFactory;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Creates the tables of the store of record when they are missing: Axon's event and snapshot tables,
 * the token table of the processors that live on this database (Kafka publisher, delivery), and the
 * table of the persistent deadline scheduler. PostgreSQL and H2 each get their own column types.
 */
public class EventStoreSchema {

    private static final Logger log = LoggerFactory.getLogger(EventStoreSchema.class);

    public EventStoreSchema(DataSource dataSource, EventStorageEngine engine, TokenStore tokenStore) throws SQLException {
        boolean postgres = isPostgres(dataSource);
        if (engine instanceof JdbcEventStorageEngine jdbc) {
            EventTableFactory events = postgres ? PostgresEventTableFactory.INSTANCE : H2EventTableFactory.INSTANCE;
            jdbc.createSchema(events);
        }
        if (tokenStore instanceof JdbcTokenStore jdbcTokens) {
            TokenTableFactory tokens = postgres ? PostgresTokenTableFactory.INSTANCE : GenericTokenTableFactory.INSTANCE;
            jdbcTokens.createSchema(tokens);
        }
        new JdbcTemplate(dataSource).execute(scheduledTasksTable(postgres));
        log.info("Event store schema ready on {}", postgres ? "PostgreSQL" : "H2");
    }

    private static boolean isPostgres(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        }
    }

    /** db-scheduler's table, which holds the persistent deadlines (scheduled sends, retries, attempt timeouts). */
    private static String scheduledTasksTable(boolean postgres) {
        String text = postgres ? "TEXT" : "VARCHAR(512)";
        String time = "TIMESTAMP WITH TIME ZONE";
        return "CREATE TABLE IF NOT EXISTS scheduled_tasks ("
                + " task_name " + text + " NOT NULL,"
                + " task_instance " + text + " NOT NULL,"
                + " task_data " + (postgres ? "BYTEA" : "BLOB") + ","
                + " execution_time " + time + " NOT NULL,"
                + " picked BOOLEAN NOT NULL,"
                + " picked_by " + text + ","
                + " last_success " + time + ","
                + " last_failure " + time + ","
                + " consecutive_failures INT,"
                + " last_heartbeat " + time + ","
                + " version BIGINT NOT NULL,"
                + " priority SMALLINT,"
                + " PRIMARY KEY (task_name, task_instance))";
    }
}
