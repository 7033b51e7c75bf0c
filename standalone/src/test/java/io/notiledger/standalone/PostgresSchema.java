package io.notiledger.standalone;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh schema on the machine's PostgreSQL for one test class, dropped afterwards. The server is
 * taken from LEDGER_TEST_PG_URL / LEDGER_TEST_PG_USER / LEDGER_TEST_PG_PASSWORD, by default
 * jdbc:postgresql://127.0.0.1:5432/test as postgres.
 */
final class PostgresSchema implements AutoCloseable {

    private static final String URL = env("LEDGER_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = env("LEDGER_TEST_PG_USER", "postgres");
    private static final String PASSWORD = env("LEDGER_TEST_PG_PASSWORD", "");

    private final String name = "ledger_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    PostgresSchema() throws SQLException {
        execute("CREATE SCHEMA " + name);
    }

    String jdbcUrl() {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    String user() {
        return USER;
    }

    String password() {
        return PASSWORD;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
    }

    @Override
    public void close() throws SQLException {
        execute("DROP SCHEMA " + name + " CASCADE");
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
