package io.notiledger.command.balancing;

import io.notiledger.operations.balancing.InstanceRegistry;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;

/** The command side's instances in the event store's database (table {@code ledger_instances}). */
public class JdbcInstanceRegistry implements InstanceRegistry {

    private final JdbcTemplate jdbc;

    public JdbcInstanceRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void heartbeat(String instance, Instant now) {
        jdbc.update("INSERT INTO ledger_instances (instance, seen_at) VALUES (?, ?) "
                + "ON CONFLICT (instance) DO UPDATE SET seen_at = EXCLUDED.seen_at", instance, Timestamp.from(now));
    }

    @Override
    public int liveSince(Instant since) {
        Integer live = jdbc.queryForObject("SELECT COUNT(*) FROM ledger_instances WHERE seen_at >= ?", Integer.class,
                Timestamp.from(since));
        return live == null ? 0 : live;
    }
}
