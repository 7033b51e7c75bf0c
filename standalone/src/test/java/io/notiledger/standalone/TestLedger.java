package io.notiledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.notiledger.api.event.NotificationRequestedEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The standalone ledger as a test drives it: a real process-level application (HTTP on a free port,
 * real Kafka broker, PostgreSQL event store and MongoDB stand-in under a data directory of the test's), which
 * can be stopped and started again on the same data.
 */
final class TestLedger implements AutoCloseable {

    /** The operator key every test ledger starts with (ledger.security.admin-key). */
    static final String ADMIN_KEY = "nl_test-ledger-operator-key-0123456789abcdef";
    /** The tenant of {@link #http()}'s key. */
    static final String TENANT = "default";
    /** A tenant allowed 3 requests at once and 1 a second after that. */
    static final String RATE_LIMITED_TENANT = "rate-limited";
    /** The secret of the status view's recipient hashes (ledger.views.recipient-hash-key). */
    static final String RECIPIENT_HASH_KEY = "test-ledger-recipient-hash-key-0123456789";

    private final Map<String, String> properties = new LinkedHashMap<>();
    private String senderKey;
    /** The ports this class picked (a test may set others): picked free, they can be taken before the ledger binds them. */
    private final Map<String, String> pickedPorts = new LinkedHashMap<>();
    private ConfigurableApplicationContext context;

    TestLedger(Path dataDir) {
        properties.put("server.port", "0");
        properties.put("ledger.embedded.data-dir", dataDir.toString());
        properties.put("ledger.security.admin-key", ADMIN_KEY);
        // a tenant with a small limit for the rate-limit test; every other tenant has the generous default
        properties.put("ledger.security.rate-limit.tenants." + RATE_LIMITED_TENANT + ".requests-per-second", "1");
        properties.put("ledger.security.rate-limit.tenants." + RATE_LIMITED_TENANT + ".burst", "3");
        assignFreePort("ledger.embedded.postgres.port");
        assignFreePort("ledger.embedded.kafka.port");
        assignFreePort("ledger.embedded.kafka.controller-port");
        assignFreePort("ledger.embedded.mongo.port");
        assignFreePort("ledger.embedded.smtp.port");
        assignFreePort("ledger.embedded.smtp.imap-port");
        assignFreePort("ledger.embedded.smtp.pop3-port");
        properties.put("ledger.kafka.topics.partitions", "3");
        properties.put("ledger.views.recipient-hash-key", RECIPIENT_HASH_KEY);
        properties.put("db-scheduler.polling-interval", "100ms");
        // quick retries so that fault tests finish in seconds
        properties.put("ledger.delivery.retry.jitter", "0.1");
        properties.put("ledger.delivery.retry.priorities.NORMAL.max-attempts", "50");
        properties.put("ledger.delivery.retry.priorities.NORMAL.initial-backoff", "200ms");
        properties.put("ledger.delivery.retry.priorities.NORMAL.multiplier", "1.5");
        properties.put("ledger.delivery.retry.priorities.NORMAL.max-backoff", "1s");
        properties.put("ledger.delivery.retry.priorities.LOW.max-attempts", "3");
        properties.put("ledger.delivery.retry.priorities.LOW.initial-backoff", "100ms");
        properties.put("ledger.delivery.retry.priorities.LOW.multiplier", "2");
        properties.put("ledger.delivery.retry.priorities.LOW.max-backoff", "500ms");
        properties.put("ledger.delivery.email.connect-timeout", "1s");
        properties.put("ledger.delivery.email.read-timeout", "2s");
    }

    /** Deliver through an SMTP server of the test's instead of the embedded sink. */
    TestLedger withExternalSmtp(int port) {
        properties.put("ledger.embedded.smtp.enabled", "false");
        properties.put("ledger.delivery.email.port", Integer.toString(port));
        return this;
    }

    TestLedger with(String key, String value) {
        properties.put(key, value);
        return this;
    }

    /** A setting this ledger is started with (readable before and after it runs). */
    String setting(String key) {
        return properties.get(key);
    }

    TestLedger start() {
        for (int attempt = 1; ; attempt++) {
            List<String> args = new ArrayList<>();
            properties.forEach((key, value) -> args.add("--" + key + "=" + value));
            try {
                context = StandaloneApplication.start(args.toArray(String[]::new));
                return this;
            } catch (RuntimeException e) {
                if (attempt == 3 || !portTaken(e)) {
                    throw e;
                }
                // another process bound one of the picked ports between picking and binding: pick them again
                for (String key : List.copyOf(pickedPorts.keySet())) {
                    if (pickedPorts.get(key).equals(properties.get(key))) {
                        assignFreePort(key);
                    }
                }
            }
        }
    }

    private void assignFreePort(String key) {
        // a port just closed can be handed out again at once: never give two pieces of one ledger the same one
        String port;
        do {
            port = Integer.toString(freePort());
        } while (pickedPorts.containsValue(port));
        properties.put(key, port);
        pickedPorts.put(key, port);
    }

    private static boolean portTaken(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    void stop() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    /**
     * How many notifications the store of record holds (their NotificationRequested events): a refused
     * request must not create one. The ledger's own work in the background (deliveries, retries) never
     * changes this count, unlike the count of all events.
     */
    long storedNotifications() {
        Long count = jdbc().queryForObject("SELECT COUNT(*) FROM DomainEventEntry WHERE payloadType = ?", Long.class,
                NotificationRequestedEvent.class.getName());
        return count == null ? 0 : count;
    }

    /** The event types one notification has in the store of record, in order (simple class names). */
    List<String> storedEventTypesOf(String notificationId) {
        return jdbc().queryForList("SELECT payloadType FROM DomainEventEntry WHERE aggregateIdentifier = ? ORDER BY sequenceNumber",
                        String.class, notificationId).stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1)).toList();
    }

    /** Timers waiting in db-scheduler's table (scheduled sends, retries, attempt timeouts). */
    long scheduledTimers() {
        Long count = jdbc().queryForObject("SELECT COUNT(*) FROM scheduled_tasks", Long.class);
        return count == null ? 0 : count;
    }

    private JdbcTemplate jdbc() {
        return context.getBean(JdbcTemplate.class);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    <T> Map<String, T> beans(Class<T> type) {
        return context.getBeansOfType(type);
    }

    <T> T bean(String name, Class<T> type) {
        return context.getBean(name, type);
    }

    String property(String key) {
        return context.getEnvironment().getProperty(key);
    }

    /** HTTP as a client application of tenant {@link #TENANT} (a key with the role sender). */
    WebTestClient http() {
        if (senderKey == null) {
            senderKey = createKey(TENANT, "sender");
        }
        return http(senderKey);
    }

    /** HTTP as an operator (the admin key). */
    WebTestClient operatorHttp() {
        return http(ADMIN_KEY);
    }

    /** Where the ledger's HTTP API answers. */
    String baseUrl() {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    /** HTTP with this API key, or with none when it is null. */
    WebTestClient http(String apiKey) {
        WebTestClient.Builder builder = WebTestClient.bindToServer()
                .baseUrl(baseUrl())
                .responseTimeout(Duration.ofSeconds(30));
        if (apiKey != null) {
            builder.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + apiKey);
        }
        return builder.build();
    }

    /** Makes an API key through the operators' endpoint and returns its secret. */
    String createKey(String tenant, String... roles) {
        return createKeyAnswer(tenant, roles).get("key").asText();
    }

    /** Makes an API key through the operators' endpoint and returns the whole answer (id, key, tenant...). */
    JsonNode createKeyAnswer(String tenant, String... roles) {
        return operatorHttp().post().uri("/admin/v1/api-keys").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenant", tenant, "roles", List.of(roles)))
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    @Override
    public void close() {
        stop();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port", e);
        }
    }
}
