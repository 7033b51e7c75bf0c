package io.notiledger.standalone.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The event store's server as the standalone ledger starts it: durable, local only, one owner per directory, restarted when it ends. */
class EmbeddedPostgresServerTest {

    @TempDir
    Path dataDir;

    @Test
    void commitsAreFlushedToDiskAndOnlyLocalClientsAreServed() throws Exception {
        try (EmbeddedPostgresServer server = new EmbeddedPostgresServer(dataDir, settings())) {
            try (Connection connection = connect(server)) {
                assertThat(show(connection, "fsync")).isEqualTo("on");
                assertThat(show(connection, "synchronous_commit")).isEqualTo("on");
                assertThat(show(connection, "full_page_writes")).isEqualTo("on");
                assertThat(show(connection, "listen_addresses")).isEqualTo("127.0.0.1");
            }
        }
    }

    @Test
    void aRestartOnTheSameDirectoryFindsEveryCommittedRow() throws Exception {
        try (EmbeddedPostgresServer server = new EmbeddedPostgresServer(dataDir, settings());
             Connection connection = connect(server);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE kept (id INT PRIMARY KEY)");
            statement.execute("INSERT INTO kept VALUES (1), (2), (3)");
        }
        try (EmbeddedPostgresServer server = new EmbeddedPostgresServer(dataDir, settings());
             Connection connection = connect(server);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM kept")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(3);
        }
    }

    @Test
    void aServerThatEndsOnItsOwnIsStartedAgainWithEveryCommittedRow() throws Exception {
        try (EmbeddedPostgresServer server = new EmbeddedPostgresServer(dataDir, settings())) {
            try (Connection connection = connect(server); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE kept (id INT PRIMARY KEY)");
                statement.execute("INSERT INTO kept VALUES (1), (2)");
            }
            long crashed = postmasterPid();
            ProcessHandle.of(crashed).orElseThrow().destroyForcibly(); // as the OOM killer would
            await().atMost(Duration.ofSeconds(10)).until(() -> !server.isRunning());

            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> {
                try (Connection connection = connect(server); Statement statement = connection.createStatement();
                     ResultSet rows = statement.executeQuery("SELECT count(*) FROM kept")) {
                    rows.next();
                    return rows.getInt(1) == 2;
                }
            });
            assertThat(postmasterPid()).isNotEqualTo(crashed);
        }
    }

    @Test
    void aDirectoryInUseByARunningServerIsRefused() throws Exception {
        try (EmbeddedPostgresServer first = new EmbeddedPostgresServer(dataDir, settings())) {
            assertThatThrownBy(() -> new EmbeddedPostgresServer(dataDir, settings()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use by another running ledger");
            try (Connection stillServing = connect(first)) {
                assertThat(show(stillServing, "fsync")).isEqualTo("on");
            }
        }
    }

    @Test
    void anH2StoreOfAnEarlierVersionIsRefusedUntouched() throws Exception {
        Path h2File = Files.createDirectories(dataDir).resolve("ledger.mv.db");
        Files.writeString(h2File, "an H2 store");

        assertThatThrownBy(() -> new EmbeddedPostgresServer(dataDir, settings()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("H2 event store of an earlier version");
        assertThat(h2File).hasContent("an H2 store");
        assertThat(dataDir.resolve("PG_VERSION")).doesNotExist();
    }

    private static EmbeddedProperties.Postgres settings() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return new EmbeddedProperties.Postgres(true, socket.getLocalPort());
        }
    }

    private long postmasterPid() throws Exception {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
    }

    private static Connection connect(EmbeddedPostgresServer server) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres", "postgres", "");
    }

    private static String show(Connection connection, String setting) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SHOW " + setting)) {
            result.next();
            return result.getString(1);
        }
    }
}
